import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../platform/domain/metadata';
import type { EndpointState } from './domain/endpoint-state';
import { ENDPOINT_DISABLED_CAUSES, type EndpointDisabledCause } from './events/endpoint-events';
import type { EndpointRecord } from './persistence/endpoints.table';

/** An endpoint as the API shows it: never its secret (GET /v1/endpoints/{id}/secret reveals that). */
export class EndpointResponse {
  @ApiProperty({ example: 'ep-3c2d…' })
  id: string;

  @ApiProperty({ format: 'uri' })
  url: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String], nullable: true, description: 'What it subscribed to; null: every event type.' })
  event_types: string[] | null;

  @ApiProperty({ description: 'false while paused: matching events are held and sent when it is enabled again.' })
  enabled: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'paused through the API', description: 'Why it is disabled (null while enabled).' })
  disabled_reason: string | null;

  @ApiProperty({
    enum: ENDPOINT_DISABLED_CAUSES, nullable: true, example: 'paused',
    description: 'Why it is disabled, for machines: paused (through the API: PATCH enabled: false, or created with enabled: false), '
      + 'failing (the service disabled it after ENDPOINT_DISABLE_AFTER of failed attempts); null while enabled.',
  })
  disabled_cause: EndpointDisabledCause | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Requests per second across all replicas (null: no limit).' })
  rate_limit: number | null;

  @ApiProperty({ type: String, nullable: true, example: '5s,1m,10m', description: "Its own retry delays (null: the service's WEBHOOK_RETRY_SCHEDULE)." })
  retry_schedule: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Metadata;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When its secret was last rotated (null: never).' })
  secret_rotated_at: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Until when the secret that rotation replaced still signs beside the current one (null: never rotated).' })
  previous_secret_expires_at: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  static from(endpoint: EndpointRecord | EndpointState): EndpointResponse {
    return {
      id: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      event_types: endpoint.eventTypes,
      enabled: endpoint.enabled,
      disabled_reason: endpoint.disabledReason,
      disabled_cause: endpoint.disabledCause,
      rate_limit: endpoint.rateLimit,
      retry_schedule: endpoint.retrySchedule,
      metadata: endpoint.metadata,
      secret_rotated_at: endpoint.secretRotatedAt?.toISOString() ?? null,
      previous_secret_expires_at: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
      created_at: endpoint.createdAt.toISOString(),
      updated_at: endpoint.updatedAt.toISOString(),
    };
  }
}
