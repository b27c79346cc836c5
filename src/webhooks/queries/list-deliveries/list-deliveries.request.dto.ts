import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../platform/http/page-query.dto';
import { DELIVERY_KINDS, DELIVERY_STATUSES, type DeliveryKind, type DeliveryStatus } from '../../domain/delivery-kind';

export class ListDeliveriesRequest extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ description: 'Only deliveries about this job, run or step.' })
  @IsOptional()
  @IsString()
  subject_id?: string;

  @ApiPropertyOptional({ enum: DELIVERY_KINDS })
  @IsOptional()
  @IsIn(DELIVERY_KINDS)
  kind?: DeliveryKind;

  @ApiPropertyOptional({ description: 'Only deliveries to this destination host (host[:port], as in the URL).', example: 'ci.example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  host?: string;

  @ApiPropertyOptional({ description: 'Only deliveries fanned out to this endpoint.', example: 'ep-3c2d…' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  endpoint_id?: string;

  @ApiPropertyOptional({ description: 'Only deliveries created at or after this time.', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Only deliveries created before this time.', format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}
