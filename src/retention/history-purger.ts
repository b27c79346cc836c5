import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { AppConfig } from '../platform/config/app-config';
import { MetricsRegistry } from '../platform/metrics/metrics-registry';
import { isDeadlock } from '../platform/database/deadlock';
import { BackgroundLoop } from '../platform/process/background-loop';
import { type PurgeCursor, PurgeTransactions, StreamGrewDuringPurge } from './persistence/purge-transactions';
import type { RootTable } from './persistence/finished-history.sql';

/** Finished jobs or runs looked at per transaction: small, so no lock is held long and no statement is large. */
export const ROOTS_PER_PAGE = 50;
const BODIES_PER_PAGE = 2000;
/**
 * After a pass that left more to purge, the purge rests this many times as long as the pass took: it works a fifth
 * of the time at most. Its deletes (rows, index entries, WAL) cost the database CPU and I/O the live path needs; at
 * half the time, a 2-core machine's receipt p99 rose 1.5–2.9× while it purged (bench --purge-while-measuring).
 * A fifth still purges ~100 roots a second (pages of ~60 ms at a million jobs): far above any service's intake.
 */
export const REST_PER_WORK = 4;
const MIN_REST_MS = 20;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Retention (RETENTION, RESPONSE_BODY_RETENTION): a background walk, oldest first, that purges finished history in
 * small transactions (PurgeTransactions) and records each purge on the history stream. It never purges anything
 * unfinished or younger than the cutoff (see finished-history.sql.ts). Every replica runs it; one at a time purges.
 */
@Injectable()
export class HistoryPurger implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private readonly loop: BackgroundLoop;
  private readonly purged: Counter<'what'>;
  /** How long each page's transaction took: what a purge holds its locks for (the benchmark reads its longest). */
  private readonly pageSeconds: Histogram<'what'>;
  /** Where each walk goes on from (null: from the oldest). */
  private readonly cursors: Record<RootTable, PurgeCursor | null> = { jobs: null, runs: null };

  constructor(
    private readonly config: AppConfig,
    private readonly purges: PurgeTransactions,
    registry: MetricsRegistry,
  ) {
    this.loop = new BackgroundLoop(() => this.pass(), config.retentionIntervalMs);
    this.purged = new Counter({
      name: 'callback_retention_purged_total',
      help: 'What retention purged: jobs, runs, steps, deliveries, events (RETENTION) and response_bodies (RESPONSE_BODY_RETENTION)',
      labelNames: ['what'],
      registers: [registry],
    });
    this.pageSeconds = new Histogram({
      name: 'callback_retention_page_duration_seconds',
      help: 'How long each RETENTION purge transaction (one page of finished jobs or runs) took, by table',
      labelNames: ['what'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.retentionMs !== null || this.config.responseBodyRetentionMs !== null) this.loop.start(this.config.retentionIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One page of each kind; answers how long to rest before the next pass. */
  async pass(): Promise<number> {
    const started = Date.now();
    try {
      let more = false;
      const { retentionMs, responseBodyRetentionMs } = this.config;
      if (retentionMs !== null) {
        const cutoff = new Date(started - retentionMs);
        for (const table of ['jobs', 'runs'] as const) more = (await this.purgePage(table, cutoff)) || more;
      }
      if (responseBodyRetentionMs !== null) {
        const purged = await this.purges.purgeResponseBodies(new Date(started - responseBodyRetentionMs), BODIES_PER_PAGE);
        if (purged) {
          this.purged.inc({ what: 'response_bodies' }, purged);
          this.logger.log({ response_bodies: purged }, 'purged response bodies past RESPONSE_BODY_RETENTION');
        }
        more = more || purged === BODIES_PER_PAGE;
      }
      return more ? Math.max(MIN_REST_MS, REST_PER_WORK * (Date.now() - started)) : this.config.retentionIntervalMs;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof StreamGrewDuringPurge || code === LOCK_NOT_AVAILABLE || isDeadlock(error)) {
        // A command is working on old history right now: leave it, the next pass looks again.
        this.logger.log(`a purge page gave way to a command (${(error as Error).message}); trying again shortly`);
        return Math.max(MIN_REST_MS, REST_PER_WORK * (Date.now() - started));
      }
      this.logger.error(`retention failed; the next pass tries again: ${String(error)}`);
      return this.config.retentionIntervalMs;
    }
  }

  /** Answers whether the walk of `table` has more to look at right away. */
  private async purgePage(table: RootTable, cutoff: Date): Promise<boolean> {
    const timer = this.pageSeconds.startTimer({ what: table });
    const page = await this.purges.purgeFinished(table, cutoff, this.cursors[table], ROOTS_PER_PAGE).finally(() => timer());
    if (page === undefined) return false; // another replica is purging
    this.cursors[table] = page.next;
    if (page.roots > 0) {
      const { roots, steps, deliveries, events } = page;
      for (const [what, count] of [[table, roots], ['steps', steps], ['deliveries', deliveries], ['events', events]] as const) this.purged.inc({ what }, count);
      this.logger.log({ [table]: roots, steps, deliveries, events }, `purged ${table} finished before ${cutoff.toISOString()} (RETENTION)`);
    }
    return page.next !== null;
  }
}
