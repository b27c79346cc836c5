import { ApiProperty } from '@nestjs/swagger';
import type { DeliveryStats } from './queries/get-delivery-stats/get-delivery-stats.handler';

class MinuteStatsResponse {
  @ApiProperty({ format: 'date-time' }) minute: string;
  @ApiProperty({ description: 'Attempts that succeeded.' }) succeeded: number;
  @ApiProperty({ description: 'Attempts that failed with another one planned.' }) retrying: number;
  @ApiProperty({ description: 'Attempts that failed with none planned.' }) dead_lettered: number;
  @ApiProperty({ nullable: true, type: Number, description: 'completed_at → success, of the successes in this minute.' }) p50_latency_ms: number | null;
  @ApiProperty({ nullable: true, type: Number }) p99_latency_ms: number | null;
}

/** An endpoint, or a callback URL without its query string. */
class DestinationStatsResponse {
  @ApiProperty({ example: 'https://ci.example.com/hooks/done', description: 'Scheme, host and path of its latest attempt (no query string).' }) url: string;
  @ApiProperty({ example: 'ci.example.com' }) host: string;
  @ApiProperty({ nullable: true, type: String, description: 'The endpoint, when this destination is one; null for a callback URL.' }) endpoint_id: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ description: 'Share of attempts that succeeded, 0–1.' }) success_rate: number;
  @ApiProperty({ nullable: true, type: Number }) p99_latency_ms: number | null;
  @ApiProperty({ description: 'Failed attempts since the last success.' }) failing_streak: number;
  @ApiProperty({ format: 'date-time' }) last_attempt_at: string;
}

class BacklogResponse {
  @ApiProperty() pending: number;
  @ApiProperty() retrying: number;
  @ApiProperty() delivering: number;
  @ApiProperty() dead_letters: number;
  @ApiProperty() oldest_due_age_seconds: number;
}

export class DeliveryStatsResponse {
  @ApiProperty({ format: 'date-time', description: 'Start of the first minute covered.' }) since: string;
  @ApiProperty({ type: [MinuteStatsResponse], description: 'Minutes with at least one attempt, oldest first.' }) minutes: MinuteStatsResponse[];
  @ApiProperty({ type: [DestinationStatsResponse], description: 'Per endpoint, or per callback URL without its query; failing first.' }) destinations: DestinationStatsResponse[];
  @ApiProperty({ type: BacklogResponse }) backlog: BacklogResponse;

  static from({ since, minutes, destinations, backlog }: DeliveryStats): DeliveryStatsResponse {
    return {
      since: since.toISOString(),
      minutes: minutes.map((m) => ({
        minute: m.minute.toISOString(), succeeded: m.succeeded, retrying: m.retrying, dead_lettered: m.deadLettered,
        p50_latency_ms: m.p50LatencyMs, p99_latency_ms: m.p99LatencyMs,
      })),
      destinations: destinations.map((d) => ({
        url: d.url, host: d.host, endpoint_id: d.endpointId, attempts: d.attempts, success_rate: Math.round((d.succeeded / d.attempts) * 1000) / 1000,
        p99_latency_ms: d.p99LatencyMs, failing_streak: d.failingStreak, last_attempt_at: d.lastAttemptAt.toISOString(),
      })),
      backlog: {
        pending: backlog.pending, retrying: backlog.retrying, delivering: backlog.delivering, dead_letters: backlog.deadLetters,
        oldest_due_age_seconds: backlog.oldestDueAgeSeconds,
      },
    };
  }
}
