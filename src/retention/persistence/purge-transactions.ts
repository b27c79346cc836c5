import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EventStore } from '../../platform/event-store/event-store';
import { RetentionEventType, type HistoryPurgedData, type ResponseBodiesPurgedData } from '../events/history-purge-records';
import {
  LEFT_OF_PURGED_SQL, PURGE_RESPONSE_BODIES_SQL, purgeFinishedSql, type RootTable,
} from './finished-history.sql';

/** Where a walk of the finished roots goes on from: after this (completed_at, id). */
export interface PurgeCursor {
  completedAt: Date;
  id: string;
}

export interface FinishedPurge {
  /** Where the next page starts; null once the walk reached the cutoff. */
  next: PurgeCursor | null;
  roots: number;
  steps: number;
  deliveries: number;
  events: number;
}

/** One replica purges at a time (the others skip their pass): two would collide on the history stream anyway. */
const RETENTION_LOCK = 0x63627265;
/** A purge waits this long at most for a row a command holds; it tries again at its next pass. */
const LOCK_TIMEOUT = '2s';
const START = { completedAt: new Date(0), id: '' };

/**
 * Retention's transactions (the one writer besides the unit of work, as the projection rebuilder is): each deletes a
 * page of finished history and records that on the history stream, all or nothing. Not one statement, because it
 * must look again after its delete: a command that appended to a stream being purged (it holds the stream's last
 * event, see EventStore.append) committed while the delete waited for it, and its event — numbered after the
 * delete's snapshot — would be left alone in the log; the purge then rolls back and leaves that stream be.
 */
@Injectable()
export class PurgeTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  /** Purges the next page of finished `table` rows (undefined: another replica is purging). */
  purgeFinished(table: RootTable, cutoff: Date, after: PurgeCursor | null, pageSize: number): Promise<FinishedPurge | undefined> {
    return this.inPurge(async (db) => {
      const from = after ?? START;
      const [page] = await db.query(purgeFinishedSql(table), [cutoff, from.completedAt, from.id, pageSize]);
      const next = page.pageSize < pageSize ? null : { completedAt: page.lastCompletedAt, id: page.lastId };
      const purged = { next, roots: page.roots, steps: page.steps, deliveries: page.deliveries, events: page.events };
      if (page.roots === 0) return purged;
      const [left] = await db.query(LEFT_OF_PURGED_SQL, [page.streams, page.subjects]);
      if (left) throw new StreamGrewDuringPurge(left.id);
      // Only the holder of the retention lock records purges: the latest committed one is the latest.
      const startsAfter = await this.eventStore.historyStartsAfter();
      // A root whose events were gone already (rows written without them) moves nothing.
      const through = (page.throughSequence as string | null) ?? startsAfter;
      const data: HistoryPurgedData = {
        finished_before: cutoff.toISOString(),
        jobs: table === 'jobs' ? page.roots : 0,
        runs: table === 'runs' ? page.roots : 0,
        steps: page.steps,
        deliveries: page.deliveries,
        events: page.events,
        through_sequence: through,
        history_starts_after: BigInt(through) > BigInt(startsAfter) ? through : startsAfter,
      };
      await this.eventStore.recordPurge(db, RetentionEventType.purged, data);
      return purged;
    });
  }

  /** Purges up to `limit` response bodies recorded before `cutoff`; answers how many (undefined: another replica is purging). */
  purgeResponseBodies(cutoff: Date, limit: number): Promise<number | undefined> {
    return this.inPurge(async (db) => {
      const gone: unknown[] = await db.query(PURGE_RESPONSE_BODIES_SQL, [cutoff, limit]);
      if (gone.length > 0) {
        const data: ResponseBodiesPurgedData = { recorded_before: cutoff.toISOString(), response_bodies: gone.length };
        await this.eventStore.recordPurge(db, RetentionEventType.responseBodiesPurged, data);
      }
      return gone.length;
    });
  }

  private async inPurge<T>(work: (db: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.dataSource.transaction(async (db) => {
      await db.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
      const [{ locked }] = await db.query(`SELECT pg_try_advisory_xact_lock(${RETENTION_LOCK}) AS locked`);
      return locked ? work(db) : undefined;
    });
  }
}

/** A command appended to a stream of the page while it was being purged: the page is rolled back, to be tried again. */
export class StreamGrewDuringPurge extends Error {
  constructor(readonly streamId: string) {
    super(`${streamId} took an event while it was being purged; the purge of its page was rolled back`);
  }
}
