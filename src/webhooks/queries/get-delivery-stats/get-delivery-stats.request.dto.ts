import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PlainIntegerQuery } from '../../../platform/http/plain-integer-query';

export class GetDeliveryStatsRequest {
  @ApiPropertyOptional({ description: 'How many minutes back, the current one included (1–1440, default 60).', default: 60 })
  @IsOptional()
  @PlainIntegerQuery(1n, 1440n)
  minutes?: number;
}
