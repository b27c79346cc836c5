import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadDataSource } from '../../platform/database/read-data-source';
import { normalisedUrlSql } from '../../platform/database/search-conditions';

export interface MinuteStats {
  minute: Date;
  succeeded: number;
  retrying: number;
  deadLettered: number;
  /** completed_at (or the redelivery request) → receipt of the successful attempts that finished in this minute. */
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
}

/**
 * One destination: an endpoint, or a callback URL without its query (one pipeline's jobs that each add their own
 * `?job=` are one receiver). A host alone merged unrelated receivers of one host into one meaningless rate.
 */
export interface DestinationStats {
  /** Where its latest attempt went: scheme, host and path, without query or fragment. */
  url: string;
  host: string;
  endpointId: string | null;
  attempts: number;
  succeeded: number;
  p99LatencyMs: number | null;
  /** Failed attempts since this host's last success in the window. */
  failingStreak: number;
  lastAttemptAt: Date;
}

/** How an endpoint's attempts went: the window's figures, and its failing streak however old. */
export interface EndpointHealth {
  attempts: number;
  succeeded: number;
  /** Request durations (send → answer) of the window's attempts. */
  p50DurationMs: number | null;
  p99DurationMs: number | null;
  /** Failed attempts since its last success. */
  failingStreak: number;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  /** When the first failure after its last success started (null: not failing). */
  failingSince: Date | null;
}

/**
 * Attempt outcomes over the last minutes, per minute and per destination, from the attempt log (indexed by finish
 * time). The figures the API shows are read on the read connection (a replica when configured); the auto-disable's
 * verdict (`failingEndpoints`) on the primary.
 */
@Injectable()
export class DeliveryStatsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadDataSource,
  ) {}

  private static readonly ATTEMPTS = `
    SELECT a.finished_at, d.destination_host AS host, split_part(split_part(${normalisedUrlSql('d.url')}, '#', 1), '?', 1) AS url, d.endpoint_id,
           a.outcome = 'succeeded' AS ok, a.outcome = 'dead_lettered' AS dead,
           extract(epoch FROM a.finished_at - a.measured_from) * 1000 AS latency_ms
      FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
     WHERE a.finished_at >= $1`;

  async perMinute(since: Date): Promise<MinuteStats[]> {
    const rows = await this.reads.dataSource.query(
      `WITH attempt AS (${DeliveryStatsRepository.ATTEMPTS})
       SELECT date_trunc('minute', finished_at) AS minute,
              count(*) FILTER (WHERE ok)::int AS succeeded,
              count(*) FILTER (WHERE NOT ok AND NOT dead)::int AS retrying,
              count(*) FILTER (WHERE dead)::int AS "deadLettered",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS "p50LatencyMs",
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS "p99LatencyMs"
         FROM attempt GROUP BY 1 ORDER BY 1`,
      [since],
    );
    return rows.map((row: MinuteStats) => ({ ...row, p50LatencyMs: rounded(row.p50LatencyMs), p99LatencyMs: rounded(row.p99LatencyMs) }));
  }

  async endpointHealth(endpointId: string, since: Date): Promise<EndpointHealth> {
    return (await this.endpointsHealth([endpointId], since)).get(endpointId)!;
  }

  /** Each endpoint's health in one statement (an endpoint without attempts: zeros and nulls). */
  async endpointsHealth(endpointIds: readonly string[], since: Date): Promise<Map<string, EndpointHealth>> {
    const rows: (EndpointHealth & { endpointId: string })[] = await this.reads.dataSource.query(
      `WITH attempt AS (
         SELECT d.endpoint_id, a.started_at, a.finished_at, a.duration_ms, a.outcome = 'succeeded' AS ok
           FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id WHERE d.endpoint_id = ANY($1)
       ), last_success AS (
         SELECT e.id AS endpoint_id, max(a.finished_at) FILTER (WHERE a.ok) AS at
           FROM unnest($1::text[]) AS e(id) LEFT JOIN attempt a ON a.endpoint_id = e.id GROUP BY e.id
       )
       SELECT s.endpoint_id AS "endpointId",
              count(a.finished_at) FILTER (WHERE a.finished_at >= $2)::int AS attempts,
              count(a.finished_at) FILTER (WHERE a.ok AND a.finished_at >= $2)::int AS succeeded,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) FILTER (WHERE a.finished_at >= $2) AS "p50DurationMs",
              percentile_cont(0.99) WITHIN GROUP (ORDER BY a.duration_ms) FILTER (WHERE a.finished_at >= $2) AS "p99DurationMs",
              count(a.finished_at) FILTER (WHERE NOT a.ok AND a.finished_at > coalesce(s.at, '-infinity'))::int AS "failingStreak",
              s.at AS "lastSuccessAt",
              max(a.finished_at) FILTER (WHERE NOT a.ok) AS "lastFailureAt",
              min(a.started_at) FILTER (WHERE NOT a.ok AND a.finished_at > coalesce(s.at, '-infinity')) AS "failingSince"
         FROM last_success s LEFT JOIN attempt a ON a.endpoint_id = s.endpoint_id GROUP BY s.endpoint_id, s.at`,
      [endpointIds, since],
    );
    return new Map(rows.map(({ endpointId, ...health }) => [endpointId, { ...health, p50DurationMs: rounded(health.p50DurationMs), p99DurationMs: rounded(health.p99DurationMs) }]));
  }

  /**
   * Enabled endpoints whose every attempt has failed for `failingForMs`: none succeeded since then, and one had
   * already failed by then — counting only attempts since it was last enabled (a resumed endpoint gets its time
   * again). Reads the attempts of the last 2 × failingForMs only (the attempts-by-finish index).
   */
  async failingEndpoints(failingForMs: number): Promise<{ endpointId: string; failingSince: Date }[]> {
    return this.dataSource.query(
      `WITH attempt AS (
         SELECT d.endpoint_id, a.started_at, a.finished_at, a.outcome = 'succeeded' AS ok
           FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
          WHERE a.finished_at >= now() - 2 * $1 * interval '1 millisecond' AND d.endpoint_id IS NOT NULL
       ), per_endpoint AS (
         SELECT endpoint_id, max(finished_at) FILTER (WHERE ok) AS last_success FROM attempt GROUP BY endpoint_id
       )
       SELECT a.endpoint_id AS "endpointId", min(a.started_at) AS "failingSince"
         FROM attempt a JOIN per_endpoint p USING (endpoint_id) JOIN endpoints e ON e.id = a.endpoint_id
        WHERE e.enabled AND e.deleted_at IS NULL AND a.started_at >= e.enabled_since
          AND NOT a.ok AND a.finished_at > coalesce(p.last_success, '-infinity')
        GROUP BY a.endpoint_id
       HAVING min(a.started_at) <= now() - $1 * interval '1 millisecond'`,
      [failingForMs],
    );
  }

  async perDestination(since: Date): Promise<DestinationStats[]> {
    const rows = await this.reads.dataSource.query(
      `WITH attempt AS (
         SELECT attempt.*, coalesce('endpoint ' || endpoint_id, 'url ' || url) AS destination FROM (${DeliveryStatsRepository.ATTEMPTS}) attempt
       ), last_success AS (SELECT destination, max(finished_at) AS at FROM attempt WHERE ok GROUP BY destination)
       SELECT (array_agg(a.url ORDER BY a.finished_at DESC))[1] AS url, (array_agg(a.host ORDER BY a.finished_at DESC))[1] AS host,
              min(a.endpoint_id) AS "endpointId", count(*)::int AS attempts, count(*) FILTER (WHERE ok)::int AS succeeded,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS "p99LatencyMs",
              count(*) FILTER (WHERE NOT ok AND a.finished_at > coalesce(s.at, '-infinity'))::int AS "failingStreak",
              max(a.finished_at) AS "lastAttemptAt"
         FROM attempt a LEFT JOIN last_success s ON s.destination = a.destination
        GROUP BY a.destination ORDER BY "failingStreak" DESC, attempts DESC, a.destination`,
      [since],
    );
    return rows.map((row: DestinationStats) => ({ ...row, p99LatencyMs: rounded(row.p99LatencyMs) }));
  }
}

function rounded(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}
