import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQuery } from '../platform/http/page-query.dto';
import { PlainIntegerQuery } from '../platform/http/plain-integer-query';

export class EndpointHealthRequest {
  @ApiPropertyOptional({ description: 'The window, in minutes, the rates and durations cover (1–10080, default 60).', default: 60 })
  @IsOptional()
  @PlainIntegerQuery(1n, 10_080n)
  minutes?: number;
}

/** `?minutes=` with the endpoints list's paging: the health of one page of endpoints. */
export class ListEndpointsHealthRequest extends PageQuery {
  @ApiPropertyOptional({ description: 'The window, in minutes, the rates and durations cover (1–10080, default 60).', default: 60 })
  @IsOptional()
  @PlainIntegerQuery(1n, 10_080n)
  minutes?: number;
}
