import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface MinuteStats {
  minute: Date;
  succeeded: number;
  retrying: number;
  deadLettered: number;
  /** completed_at (or the redelivery request) → receipt of the successful attempts that finished in this minute. */
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
}

export interface DestinationStats {
  host: string;
  attempts: number;
  succeeded: number;
  p99LatencyMs: number | null;
  /** Failed attempts since this host's last success in the window. */
  failingStreak: number;
  lastAttemptAt: Date;
}

/** Attempt outcomes over the last minutes, per minute and per destination, from the attempt log (indexed by finish time). */
@Injectable()
export class DeliveryStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private static readonly ATTEMPTS = `
    SELECT a.finished_at, d.destination_host AS host, a.outcome = 'succeeded' AS ok, a.outcome = 'dead_lettered' AS dead,
           extract(epoch FROM a.finished_at - a.measured_from) * 1000 AS latency_ms
      FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
     WHERE a.finished_at >= $1`;

  async perMinute(since: Date): Promise<MinuteStats[]> {
    const rows = await this.dataSource.query(
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

  async perDestination(since: Date): Promise<DestinationStats[]> {
    const rows = await this.dataSource.query(
      `WITH attempt AS (${DeliveryStatsRepository.ATTEMPTS}),
       last_success AS (SELECT host, max(finished_at) AS at FROM attempt WHERE ok GROUP BY host)
       SELECT a.host, count(*)::int AS attempts, count(*) FILTER (WHERE ok)::int AS succeeded,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS "p99LatencyMs",
              count(*) FILTER (WHERE NOT ok AND a.finished_at > coalesce(s.at, '-infinity'))::int AS "failingStreak",
              max(a.finished_at) AS "lastAttemptAt"
         FROM attempt a LEFT JOIN last_success s ON s.host = a.host
        GROUP BY a.host ORDER BY "failingStreak" DESC, attempts DESC, a.host`,
      [since],
    );
    return rows.map((row: DestinationStats) => ({ ...row, p99LatencyMs: rounded(row.p99LatencyMs) }));
  }
}

function rounded(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 10) / 10;
}
