import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';

/** Between attempts to open the replica's pool while it cannot be reached (it may be down at start-up). */
const RECONNECT_DELAY_MS = 1000;

/** How the read replica answered a readiness probe. */
export type ReadReplicaReport =
  | { reachable: true; standby: boolean; replayLagSeconds: number | null }
  | { reachable: false; error: string };

/** What a read answers while the replica's pool is not open yet: a 08xxx code, so the API answers 503 as for a down primary. */
export class ReadReplicaUnavailableError extends Error {
  readonly code = '08001';

  constructor() {
    super('the read replica (DATABASE_READ_URL) cannot be reached yet');
  }
}

/**
 * Where the API's read-only queries (lists, details, stats) run: a second, read-only pool on DATABASE_READ_URL when
 * it is set, else the primary's own DataSource (no second pool). The tables hand only the reads that answer a GET
 * to it; commands and background work read the primary, because a replica lags and a decision on a stale row is
 * wrong. The replica's pool opens in the background: a replica that is down, at start-up or later, answers reads
 * with 503 and never keeps the service (and its commands) from starting or running.
 */
export class ReadDataSource implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private replica: DataSource | undefined;
  private opening: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private failing = false;

  /** Without `replicaOptions` every read goes to `primary`. */
  constructor(
    private readonly primary: DataSource,
    private readonly replicaOptions?: DataSourceOptions,
  ) {}

  get dataSource(): DataSource {
    if (!this.replicaOptions) return this.primary;
    if (!this.replica) throw new ReadReplicaUnavailableError();
    return this.replica;
  }

  get hasReplica(): boolean {
    return this.replicaOptions !== undefined;
  }

  /** Waits for the first attempt only (bounded by the pool's connection timeout); later ones run in the background. */
  async onModuleInit(): Promise<void> {
    if (this.replicaOptions) await this.open();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.opening;
    await this.replica?.destroy().catch(() => undefined);
  }

  /** The replica as readiness reports it; undefined when none is configured. Never throws. */
  async report(timeoutMs: number): Promise<ReadReplicaReport | undefined> {
    if (!this.replicaOptions) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      // Lag: how old the last replayed commit is, once replay is behind what arrived (0 when caught up).
      const [row] = await Promise.race([
        this.dataSource.query(
          `SELECT pg_is_in_recovery() AS standby,
                  CASE WHEN NOT pg_is_in_recovery() THEN NULL
                       WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::float AS lag`,
        ),
        timeout,
      ]);
      return { reachable: true, standby: row.standby, replayLagSeconds: row.lag === null ? null : Number(row.lag) };
    } catch (error) {
      return { reachable: false, error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private open(): Promise<void> {
    this.opening = (async () => {
      const candidate = new DataSource(this.replicaOptions!);
      try {
        await candidate.initialize();
      } catch (error) {
        if (!this.failing) this.logger.warn(`the read replica (DATABASE_READ_URL) cannot be reached, reads answer 503 until it can: ${String(error)}`);
        this.failing = true;
        if (!this.closed) this.retry = setTimeout(() => void this.open(), RECONNECT_DELAY_MS).unref();
        return;
      }
      if (this.closed) {
        await candidate.destroy().catch(() => undefined);
        return;
      }
      this.replica = candidate;
      if (this.failing) this.logger.log('the read replica (DATABASE_READ_URL) is connected');
    })();
    return this.opening;
  }
}
