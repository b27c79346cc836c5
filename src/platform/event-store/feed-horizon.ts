import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { onPooledConnection } from '../database/prepared-query';
import { EVENT_APPEND_LOCK } from './event-append-lock';

/** How long the horizon may wait for appends in flight; new appends queue behind it meanwhile, so keep it short. */
const HORIZON_LOCK_TIMEOUT = '20ms';
/** A horizon this recent is reused: readers polling hard then hold appends up at most every so often. */
const HORIZON_REUSE_MS = 50;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * One round trip, one implicit transaction (a multi-statement simple query): the lock is held only while the
 * server runs it, and there is no moment between statements at which a terminated connection could leave a
 * half-used transaction behind — the statement fails with the driver's own connection error, which the API
 * answers 503.
 */
const HORIZON_SQL =
  `SET LOCAL lock_timeout = '${HORIZON_LOCK_TIMEOUT}'; ` +
  `SELECT pg_advisory_xact_lock(${EVENT_APPEND_LOCK}); ` +
  'SELECT coalesce(max(sequence), 0)::text AS horizon FROM events';

/**
 * The feed's current end: every event numbered up to it is committed (see EVENT_APPEND_LOCK). One computation at
 * a time per process; the last horizon stays valid forever, so a horizon that cannot be had because appends hold
 * on falls back to it.
 */
export class FeedHorizon {
  private horizon = '0';
  /** When the computation of the current horizon started: it covers every event committed before then. */
  private horizonAt = 0;
  private underWay: Promise<string> | undefined;
  private underWaySince = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** `notBefore` (epoch ms): a horizon computed after then, so it covers what the caller saw commit. */
  current(notBefore = 0): Promise<string> {
    if (Date.now() - this.horizonAt < HORIZON_REUSE_MS && this.horizonAt > notBefore) return Promise.resolve(this.horizon);
    if (this.underWay && this.underWaySince <= notBefore) return this.underWay.then(() => this.current(notBefore));
    if (!this.underWay) {
      this.underWaySince = Date.now();
      this.underWay = this.compute(this.underWaySince).finally(() => (this.underWay = undefined));
    }
    return this.underWay;
  }

  private async compute(startedAt: number): Promise<string> {
    try {
      const results = await onPooledConnection(this.dataSource, async (client) => (await client.query(HORIZON_SQL)) as unknown as pg.QueryResult<{ horizon: string }>[]);
      const horizon = results[2].rows[0].horizon;
      if (BigInt(horizon) > BigInt(this.horizon)) this.horizon = horizon;
      this.horizonAt = startedAt;
    } catch (error) {
      // An append held on for longer than the timeout: answer up to the last horizon, the reader polls again.
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    }
    return this.horizon;
  }
}
