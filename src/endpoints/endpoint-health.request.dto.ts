import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PlainIntegerQuery } from '../platform/http/plain-integer-query';

export class EndpointHealthRequest {
  @ApiPropertyOptional({ description: 'The window, in minutes, the rates and durations cover (1–10080, default 60).', default: 60 })
  @IsOptional()
  @PlainIntegerQuery(1n, 10_080n)
  minutes?: number;
}
