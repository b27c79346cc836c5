import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DELIVERY_KINDS, type DeliveryKind } from '../../../webhooks/domain/delivery-kind';
import { REDELIVERABLE_STATUSES, type RedeliverableStatus, type RedeliveryFilter } from '../../domain/redelivery-filter';

/** Which deliveries to ask for again: every field narrows; at least one must be given. */
export class StartRedeliveryRequest {
  @ApiPropertyOptional({ enum: REDELIVERABLE_STATUSES, description: 'Usually `dead_lettered`.' })
  @IsOptional()
  @IsIn(REDELIVERABLE_STATUSES)
  status?: RedeliverableStatus;

  @ApiPropertyOptional({ enum: DELIVERY_KINDS })
  @IsOptional()
  @IsIn(DELIVERY_KINDS)
  kind?: DeliveryKind;

  @ApiPropertyOptional({ description: 'Only deliveries to this destination host (host[:port], as in the URL).', example: 'ci.example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  host?: string;

  @ApiPropertyOptional({ description: 'Only deliveries about this job, run or step.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  subject_id?: string;

  @ApiPropertyOptional({ description: 'Only deliveries fanned out to this endpoint.' })
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

  @ApiPropertyOptional({ description: "Only deliveries whose last attempt was answered with this HTTP status code.", example: 503 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(599)
  status_code?: number;

  /** The filter as the operation keeps it (times normalised to ISO text). */
  toFilter(): RedeliveryFilter {
    const iso = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
    const filter: RedeliveryFilter = {
      status: this.status, kind: this.kind, host: this.host, subject_id: this.subject_id, endpoint_id: this.endpoint_id, since: iso(this.since), until: iso(this.until), status_code: this.status_code,
    };
    return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as RedeliveryFilter;
  }
}
