import type { DataSource, EntityManager } from 'typeorm';
import { SERVICE_PRESENCE_LOCK } from '../database/service-presence';
import type { EventStore } from '../event-store/event-store';
import { StoredEventRecord } from '../event-store/stored-event.orm-entity';
import type { Projection } from './projection';
import type { RecordedEvent } from '../domain/recorded-event';

const STREAMS_PER_BATCH = 500;
const PRESENCE_SETTLE_MS = 1500;

/** One stream's events in version order. */
interface RecordedStream {
  streamId: string;
  events: RecordedEvent[];
}

export interface RebuildSummary {
  streams: Record<string, number>;
  events: number;
}

/**
 * Empties every read model and derives it again from the event log, in one transaction: a rebuild that fails
 * half-way leaves the old tables as they were, and running it twice gives the same tables.
 */
export class ProjectionRebuilder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    /** In dependency order: a projection may update the rows of one listed before it. */
    private readonly projections: readonly Projection[],
    private readonly log: (line: string) => void,
    /** Longer than a service takes to ask for its presence again after its connection dropped (ServicePresence). */
    private readonly presenceSettleMs = PRESENCE_SETTLE_MS,
  ) {}

  rebuild(): Promise<RebuildSummary> {
    return this.dataSource.transaction(async (db) => {
      await db.query('SET LOCAL statement_timeout = 0');
      await this.takeTheDatabaseAlone(db);
      const tables = this.projections.flatMap((projection) => projection.tables);
      // A service that comes back now waits for this transaction to end: no new event, no projection write, in between.
      await db.query('LOCK TABLE events IN EXCLUSIVE MODE');
      await db.query(`TRUNCATE ${tables.join(', ')}`);
      this.log(`emptied ${tables.join(', ')}`);
      const summary: RebuildSummary = { streams: {}, events: 0 };
      // Each stream type's log is read once, for all of its projections (in their order).
      for (const streamType of new Set(this.projections.map((projection) => projection.streamType))) {
        const ofType = this.projections.filter((projection) => projection.streamType === streamType);
        summary.streams[streamType] = 0;
        for await (const batch of this.batchesOf(db, streamType)) {
          for (const projection of ofType) await this.projectFolded(projection, batch, db);
          summary.streams[streamType] += batch.length;
          summary.events += batch.reduce((sum, stream) => sum + stream.events.length, 0);
          this.log(`${streamType}: ${summary.streams[streamType]} streams projected`);
        }
      }
      return summary;
    });
  }

  /**
   * The presence lock, exclusively, until the transaction ends. A free lock can mean a service whose presence
   * connection just dropped: such a service asks for the lock again at once and waits for it, so after a pause
   * longer than that, a waiting request means a live service, and the rebuild leaves it the database.
   */
  private async takeTheDatabaseAlone(db: EntityManager): Promise<void> {
    const [{ alone }] = await db.query('SELECT pg_try_advisory_xact_lock($1) AS alone', [SERVICE_PRESENCE_LOCK]);
    if (alone) await new Promise((done) => setTimeout(done, this.presenceSettleMs));
    const [{ waiting }] = alone
      ? await db.query(
          `SELECT count(*)::int AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND objsubid = 1 AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [SERVICE_PRESENCE_LOCK],
        )
      : [{ waiting: 1 }];
    if (!alone || waiting > 0) throw new Error('a service is running against this database: stop every instance, then rebuild');
  }

  /** Each stream folded whole by the projection's own evolve, its rows stored as the live path stores them. */
  private async projectFolded(projection: Projection, streams: RecordedStream[], db: EntityManager): Promise<void> {
    const changes = streams.flatMap(({ events }) => {
      const after = events.reduce<unknown>((row, event) => projection.evolve(row, event), undefined);
      return after === undefined ? [] : [{ before: undefined, after }];
    });
    for (const write of projection.store(changes)) await db.query(write.sql, write.params);
  }

  /** Whole streams of one type, a batch at a time, each in version order (streams ordered by their first event). */
  private async *batchesOf(db: EntityManager, streamType: string): AsyncGenerator<RecordedStream[]> {
    for (let after = '0'; ; ) {
      const firsts: { streamId: string; sequence: string }[] = await db.query(
        `SELECT stream_id AS "streamId", sequence FROM events
          WHERE stream_type = $1 AND version = 1 AND sequence > $2 ORDER BY sequence LIMIT $3`,
        [streamType, after, STREAMS_PER_BATCH],
      );
      if (firsts.length === 0) return;
      const ids = firsts.map((first) => first.streamId);
      const records = await db
        .getRepository(StoredEventRecord)
        .createQueryBuilder('event')
        .where('event.stream_id = ANY(:ids)', { ids })
        .orderBy('event.stream_id')
        .addOrderBy('event.version')
        .getMany();
      const byStream = new Map<string, StoredEventRecord[]>(ids.map((id) => [id, []]));
      for (const record of this.eventStore.inCurrentShape(records)) byStream.get(record.streamId)!.push(record);
      yield ids.map((streamId) => ({ streamId, events: byStream.get(streamId)! }));
      after = firsts[firsts.length - 1].sequence;
    }
  }
}
