import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import type { Metadata } from '../../../platform/domain/metadata';
import { IsCallbackUrl } from '../../../platform/destination/is-callback-url.validator';
import { IsMetadata } from '../../../platform/http/is-metadata.validator';
import { EVENT_TYPES } from '../../domain/event-types';
import { MAX_DESCRIPTION_LENGTH } from '../../domain/endpoint-decider';

export class CreateEndpointRequest {
  @ApiProperty({ description: 'Receives a signed POST for each event it subscribed to. The same rules as a callback_url.', format: 'uri', maxLength: 2048, example: 'https://monitor.example.com/hooks' })
  @IsCallbackUrl()
  url: string;

  @ApiPropertyOptional({ maxLength: MAX_DESCRIPTION_LENGTH, example: 'on-call monitor' })
  @IsOptional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({
    type: [String], example: ['run.failed', 'job.*'],
    description: `What it receives: event types (${EVENT_TYPES.join(', ')}), \`job.*\`-style wildcards, or \`*\`. Absent: every type.`,
  })
  @IsOptional()
  @IsArray()
  event_types?: string[];

  @ApiPropertyOptional({ default: true, description: 'false: created paused (events are held until it is enabled).' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 10_000, description: 'At most this many requests per second to it, across all replicas (absent/null: no limit).' })
  @IsOptional()
  rate_limit?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '5s,1m,10m', description: 'Its own retry delays, in WEBHOOK_RETRY_SCHEDULE\'s syntax (absent/null: the service\'s).' })
  @IsOptional()
  retry_schedule?: string | null;

  @ApiPropertyOptional({
    oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', format: 'date-time' }],
    description:
      'Backfill: a feed `sequence` (every matching event numbered from it on) or an ISO time (every matching event since then) — ' +
      'sent in the order they committed, then everything new. Absent: events from its creation on.',
  })
  @IsOptional()
  since?: number | string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Free-form JSON object, at most 64 KiB.' })
  @IsOptional()
  @IsMetadata()
  metadata?: Metadata;
}
