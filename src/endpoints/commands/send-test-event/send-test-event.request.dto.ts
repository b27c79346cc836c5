import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EVENT_TYPES, type EventType } from '../../domain/event-types';

export class SendTestEventRequest {
  @ApiPropertyOptional({ enum: EVENT_TYPES, default: 'job.completed', description: 'Which example event to send.' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  event_type?: EventType;
}
