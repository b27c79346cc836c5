import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString, ValidateIf } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsCallbackUrl } from '../../../platform/destination/is-callback-url.validator';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { MAX_DESCRIPTION_LENGTH } from '../../domain/endpoint-decider';

/** Only the fields given change. */
export class UpdateEndpointRequest {
  @ApiPropertyOptional({ format: 'uri', maxLength: 2048, description: 'Its deliveries still waiting (pending, retrying) go here too, at once; its circuit starts closed.' })
  @IsOptional()
  @IsCallbackUrl()
  url?: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH })
  @IsOptional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'The new subscription; null: every type.' })
  @ValidateIf((_request, value) => value !== null && value !== undefined)
  @IsArray()
  event_types?: string[] | null;

  @ApiPropertyOptional({ description: 'false pauses it (matching events are held, nothing is dropped); true resumes it and sends what was held.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 10_000, description: 'At most this many requests per second to it, across all replicas (null: no limit).' })
  @IsOptional()
  rate_limit?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '5s,1m,10m', description: 'Its own retry delays, in WEBHOOK_RETRY_SCHEDULE\'s syntax (null: the service\'s).' })
  @IsOptional()
  retry_schedule?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces its metadata.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
