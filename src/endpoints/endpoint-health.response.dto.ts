import { ApiProperty } from '@nestjs/swagger';
import { ENDPOINT_DISABLED_CAUSES, type EndpointDisabledCause } from './events/endpoint-events';
import type { EndpointHealthReport } from './queries/get-endpoint-health/get-endpoint-health.handler';

const STATES = ['healthy', 'failing', 'disabled'] as const;

export class EndpointHealthResponse {
  @ApiProperty()
  endpoint_id: string;

  @ApiProperty({ enum: STATES, description: 'disabled (paused, or by the service: see disabled_cause); failing: its last attempt failed; else healthy.' })
  state: (typeof STATES)[number];

  @ApiProperty({ type: String, nullable: true })
  disabled_reason: string | null;

  @ApiProperty({ enum: ENDPOINT_DISABLED_CAUSES, nullable: true, example: 'failing', description: "The endpoint's disabled_cause: paused, failing, or null while enabled." })
  disabled_cause: EndpointDisabledCause | null;

  @ApiProperty({ description: 'The window the attempt figures cover.' })
  window_minutes: number;

  @ApiProperty({ description: 'Attempts that finished in the window.' })
  attempts: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Succeeded ÷ attempts in the window (null without attempts).' })
  success_rate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Request duration (sent → answered) of the window\'s attempts.' })
  p50_duration_ms: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p99_duration_ms: number | null;

  @ApiProperty({ description: 'Failed attempts since its last success.' })
  failing_streak: number;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the first failure after its last success started.' })
  failing_since: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  last_success_at: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  last_failure_at: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'While its circuit is open: until when its attempts are held (then one probes). Null: closed.' })
  circuit_open_until: string | null;

  static from({ endpoint, health, minutes, circuitOpenUntil }: EndpointHealthReport): EndpointHealthResponse {
    const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);
    return {
      endpoint_id: endpoint.id,
      state: !endpoint.enabled ? 'disabled' : health.failingStreak > 0 ? 'failing' : 'healthy',
      disabled_reason: endpoint.disabledReason,
      disabled_cause: endpoint.disabledCause,
      window_minutes: minutes,
      attempts: health.attempts,
      success_rate: health.attempts === 0 ? null : Math.round((health.succeeded / health.attempts) * 10_000) / 10_000,
      p50_duration_ms: health.p50DurationMs,
      p99_duration_ms: health.p99DurationMs,
      failing_streak: health.failingStreak,
      failing_since: iso(health.failingSince),
      last_success_at: iso(health.lastSuccessAt),
      last_failure_at: iso(health.lastFailureAt),
      circuit_open_until: iso(circuitOpenUntil),
    };
  }
}
