import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** While a probe is out, the others look again this soon: its result closes the circuit or opens it again. */
const PROBE_OUT_WAIT_MS = 250;

/**
 * delivery_circuits: a destination's circuit breaker (an endpoint's), shared by every replica — operational
 * bookkeeping, not a fact of the log. Closed (no row, or no open_until): attempts go. `opensAfter` failures in a row
 * open it until open_until; after that one attempt at a time is let through as a probe (probe_until bounds it, in
 * case its holder dies); a success closes it, a failure opens it again.
 */
@Injectable()
export class DeliveryCircuitsTable {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `waitMs` 0 when an attempt may go now (closed, or it is the probe), else how long to wait; `clean` when the
   * circuit has nothing counted (no failure in a row, not open). One statement.
   */
  async check(key: string, probeMs: number): Promise<{ waitMs: number; clean: boolean }> {
    const [row] = await this.dataSource.query(
      `WITH probe AS (
         UPDATE delivery_circuits SET probe_until = clock_timestamp() + $2 * interval '1 millisecond'
          WHERE key = $1 AND open_until <= clock_timestamp() AND (probe_until IS NULL OR probe_until <= clock_timestamp())
         RETURNING 0 AS wait_ms, false AS clean
       )
       SELECT wait_ms, clean FROM probe
       UNION ALL
       SELECT CASE WHEN c.open_until IS NULL THEN 0
                   WHEN c.open_until > clock_timestamp() THEN ceil(extract(epoch FROM c.open_until - clock_timestamp()) * 1000)::int
                   ELSE $3 END,
              c.open_until IS NULL AND c.consecutive_failures = 0
         FROM delivery_circuits c WHERE c.key = $1 AND NOT EXISTS (SELECT 1 FROM probe)`,
      [key, probeMs, PROBE_OUT_WAIT_MS],
    );
    return row ? { waitMs: Math.max(0, Number(row.wait_ms)), clean: row.clean === true } : { waitMs: 0, clean: true };
  }

  /** Until when the circuit of `key` holds attempts (null: closed, or a probe may go now). */
  async openUntil(key: string): Promise<Date | null> {
    return (await this.openUntilAll([key])).get(key) ?? null;
  }

  /** The circuits of these keys that are open now, with until when. */
  async openUntilAll(keys: readonly string[]): Promise<Map<string, Date>> {
    const rows: { key: string; open_until: Date }[] = await this.dataSource.query(
      `SELECT key, open_until FROM delivery_circuits WHERE key = ANY($1) AND open_until > clock_timestamp()`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.open_until]));
  }

  /** Closes the circuit of `key` whatever it counted (its destination changed: what failed says nothing of the new one). */
  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM delivery_circuits WHERE key = $1`, [key]);
  }

  /** A success closes the circuit (no write when it was closed and clean); a failure counts, and opens it at `opensAfter`. */
  async record(key: string, succeeded: boolean, opensAfter: number, cooldownMs: number): Promise<void> {
    if (succeeded) {
      await this.dataSource.query(
        `UPDATE delivery_circuits SET consecutive_failures = 0, open_until = NULL, probe_until = NULL
          WHERE key = $1 AND (consecutive_failures > 0 OR open_until IS NOT NULL)`,
        [key],
      );
      return;
    }
    await this.dataSource.query(
      `INSERT INTO delivery_circuits AS c (key, consecutive_failures, open_until)
       VALUES ($1, 1, CASE WHEN $2 <= 1 THEN clock_timestamp() + $3 * interval '1 millisecond' END)
       ON CONFLICT (key) DO UPDATE
          SET consecutive_failures = c.consecutive_failures + 1, probe_until = NULL,
              open_until = CASE WHEN c.consecutive_failures + 1 >= $2 THEN clock_timestamp() + $3 * interval '1 millisecond' ELSE c.open_until END`,
      [key, opensAfter, cooldownMs],
    );
  }
}
