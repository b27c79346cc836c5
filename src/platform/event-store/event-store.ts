import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In, MoreThan } from 'typeorm';
import { HistoryPurgedError, UnreadableEventError } from '../domain/domain-error';
import { type DomainEvent, eventTypeOf } from '../domain/domain-event';
import type { RecordedEvent } from '../domain/recorded-event';
import { STALE_READ, type WriteBatch } from '../database/write-batch';
import { EVENT_APPEND_LOCK } from './event-append-lock';
import { EventSchemas } from './event-schemas';
import { FeedHorizon } from './feed-horizon';
import { HISTORY_PURGED, HISTORY_STREAM } from './history-purged';
import { StoredEventRecord } from './stored-event.orm-entity';

const COLUMNS_PER_EVENT = 7;
/** Past this many events in one append, the rows go as one JSON parameter (a statement has at most 65,535). */
const MAX_EVENTS_AS_PARAMETERS = 8;
/** Unreadable events named in the log per process (each once); past that many the log has made its point. */
const MAX_REPORTED = 1000;
/** The latest purge's `history_starts_after` (0 if none): one row of the partial index events_history_purged. */
const HISTORY_STARTS_AFTER = `(SELECT coalesce((SELECT (data->>'history_starts_after')::bigint FROM events
   WHERE type = '${HISTORY_PURGED}' ORDER BY sequence DESC LIMIT 1), 0))`;

/** An event as a row of the log. */
export interface NewEvent {
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** The events a command appends to one stream. */
export interface StreamAppend {
  firstVersion: number;
  events: readonly DomainEvent[];
  /** The stream may be purged meanwhile (see holdLastEvents): hold its last event until commit. */
  holdLastEvent?: boolean;
}

/** A unit of work appended to a stream that retention purged since it was read; run again, it finds no stream. */
export const STREAM_PURGED = `${STALE_READ}a stream was purged by retention meanwhile`;

/** A feed row as the page query names its columns. */
type FeedRow = Pick<StoredEventRecord, 'sequence' | 'streamId' | 'streamType' | 'version' | 'type' | 'schemaVersion' | 'data' | 'occurredAt'>;

export interface FeedRequest {
  /** A sequence: a number, or decimal digits for one past Number's precision (up to a bigint's maximum). */
  after: number | string;
  limit: number;
  type?: string;
  streamType?: string;
}

@Injectable()
export class EventStore {
  private readonly horizon: FeedHorizon;
  private readonly logger = new Logger('EventStore');
  private readonly reported = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly schemas: EventSchemas,
    /**
     * How long a stream's state a process committed may stand in for reading the stream again. A stream can be
     * purged (RETENTION) only once it finished that long ago, and a process caches only unfinished states: an entry
     * younger than RETENTION cannot name a purged stream, whereas an older one could bring it back on another replica.
     */
    readonly cachedStateMaxAgeMs: number = Number.POSITIVE_INFINITY,
  ) {
    this.horizon = new FeedHorizon(dataSource);
  }

  /**
   * Queues newly decided events of one or more streams of a type (each from its `firstVersion` on) into the unit
   * of work, as one insert; answers them as a replay would read them back, so the fold that applies them is the
   * one that replays them.
   */
  append(batch: WriteBatch, streamType: string, streams: readonly StreamAppend[]): RecordedEvent[][] {
    const recorded = streams.map(({ firstVersion, events }) =>
      events.map((event, index) => ({
        streamId: event.streamId, streamType, version: firstVersion + index, type: eventTypeOf(event), data: event.toData(), occurredAt: event.occurredAt,
      })),
    );
    this.appendNew(batch, recorded.flat());
    this.holdLastEvents(batch, streams.filter((stream) => stream.holdLastEvent));
    for (const { events } of streams) batch.events.push(...events);
    return recorded;
  }

  /**
   * Holds these events (by sequence) until the unit of work commits, which fails with STREAM_PURGED unless every one
   * is still there: for a unit that acts on events it read (the endpoint fan-out), as a command does on its stream.
   */
  holdEvents(batch: WriteBatch, sequences: readonly string[]): void {
    if (sequences.length === 0) return;
    batch.writeGuard(`SELECT sequence FROM events WHERE sequence = ANY($1::bigint[]) FOR KEY SHARE`, [sequences], new Set(sequences).size, STREAM_PURGED);
  }

  /**
   * Locks each stream's last event (FOR KEY SHARE, until commit) and fails the unit of work with STREAM_PURGED
   * unless every one is still there. A purge deletes a stream's events: if it commits first, the command finds
   * them gone (and, run again, finds no stream); if the command holds them first, the purge waits for its commit
   * and then finds the stream longer than it read (HistoryPurger checks), so it leaves the stream be.
   */
  private holdLastEvents(batch: WriteBatch, streams: readonly StreamAppend[]): void {
    if (streams.length === 0) return;
    batch.writeGuard(
      `SELECT e.sequence FROM events e JOIN unnest($1::text[], $2::int[]) AS last(stream_id, version)
          ON e.stream_id = last.stream_id AND e.version = last.version
         FOR KEY SHARE OF e`,
      [streams.map((stream) => stream.events[0].streamId), streams.map((stream) => stream.firstVersion - 1)],
      streams.length,
      STREAM_PURGED,
    );
  }

  /**
   * Queues events into the unit of work, each at its type's current schema version. Many at once (a cascade) go as
   * one JSON document: one parameter and one statement text, however many there are.
   */
  appendNew(batch: WriteBatch, events: readonly NewEvent[]): void {
    if (events.length === 0) return;
    batch.holdSharedLockUntilCommit(EVENT_APPEND_LOCK);
    if (events.length > MAX_EVENTS_AS_PARAMETERS) {
      const rows = events.map(({ streamId, streamType, version, type, data, occurredAt }) => ({
        stream_id: streamId, stream_type: streamType, version, type, schema_version: this.schemas.currentVersion(type), data, occurred_at: occurredAt,
      }));
      batch.write(
        `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         SELECT stream_id, stream_type, version, type, schema_version, data, occurred_at
           FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_type text, version int, type text, schema_version smallint, data jsonb, occurred_at timestamptz)`,
        [JSON.stringify(rows)],
      );
      return;
    }
    const params: unknown[] = [];
    const rows = events.map((event, index) => {
      const { streamId, streamType, version, type, data, occurredAt } = event;
      params.push(streamId, streamType, version, type, this.schemas.currentVersion(type), JSON.stringify(data), occurredAt);
      const p = index * COLUMNS_PER_EVENT;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`;
    });
    batch.write(`INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at) VALUES ${rows.join(', ')}`, params);
  }

  /**
   * The global feed: events after `after` in sequence order, never past the horizon, so a reader that keeps its
   * last sequence never misses an event whose number was taken before a later one's but committed after it.
   */
  async feed({ after, limit, type, streamType }: FeedRequest): Promise<StoredEventRecord[]> {
    const horizon = await this.safeHorizon();
    const params: unknown[] = [after, horizon, limit];
    const conditions = ['e.sequence > $1', 'e.sequence <= $2', '$1 >= h.starts_after'];
    if (type !== undefined) conditions.push(`e.type = $${params.push(type)}`);
    if (streamType !== undefined) conditions.push(`e.stream_type = $${params.push(streamType)}`);
    // One statement, one snapshot: where the log is whole, and the page (empty when `after` is below that).
    const rows: (FeedRow & { startsAfter: string })[] = await this.dataSource.query(
      `SELECT h.starts_after::text AS "startsAfter", e.sequence::text AS sequence, e.stream_id AS "streamId", e.stream_type AS "streamType",
              e.version, e.type, e.schema_version AS "schemaVersion", e.data, e.occurred_at AS "occurredAt"
         FROM (SELECT ${HISTORY_STARTS_AFTER} AS starts_after) h
         LEFT JOIN LATERAL (SELECT * FROM events e WHERE ${conditions.join(' AND ')} ORDER BY e.sequence LIMIT $3) e ON true`,
      params,
    );
    const startsAfter = rows[0].startsAfter;
    if (BigInt(after) < BigInt(startsAfter)) throw new HistoryPurgedError(startsAfter);
    const records = rows.filter((row) => row.sequence !== null).map(({ startsAfter: _, ...row }) => Object.assign(new StoredEventRecord(), row));
    // The events before an unreadable one are answered; the reader's next page starts at it and is refused.
    const readable: StoredEventRecord[] = [];
    for (const record of records) {
      try {
        readable.push(...this.inCurrentShape([record]));
      } catch (error) {
        if (readable.length === 0 || !(error instanceof UnreadableEventError)) throw error;
        break;
      }
    }
    return readable;
  }

  /** The sequence after which the log is whole (0: nothing was ever purged). */
  async historyStartsAfter(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT ${HISTORY_STARTS_AFTER}::text AS sequence`);
    return row.sequence;
  }

  /**
   * Appends a purge's record to the history stream in the purge's own transaction (which holds the only lock that
   * lets it purge: its records are never appended concurrently), holding the append lock until that commits.
   */
  async recordPurge(db: EntityManager, type: string, data: object): Promise<void> {
    await db.query(`SELECT pg_advisory_xact_lock_shared(${EVENT_APPEND_LOCK})`);
    await db.query(
      `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
       SELECT $1, $1, coalesce(max(version), 0) + 1, $2, $3, $4::jsonb, $5 FROM events WHERE stream_id = $1`,
      [HISTORY_STREAM, type, this.schemas.currentVersion(type), JSON.stringify(data), new Date()],
    );
  }

  /**
   * Events of these types numbered in (after, upTo], in sequence order, at most `limit`: what a checkpointed consumer
   * of the log reads up to a horizon it took (safeHorizon), so it never passes an event that commits later.
   */
  async readTypesBetween(types: readonly string[], after: string, upTo: string, limit: number): Promise<StoredEventRecord[]> {
    const records = await this.dataSource
      .getRepository(StoredEventRecord)
      .createQueryBuilder('event')
      .where('event.sequence > :after AND event.sequence <= :upTo AND event.type IN (:...types)', { after, upTo, types })
      .orderBy('event.sequence', 'ASC')
      .limit(limit)
      .getMany();
    return this.inCurrentShape(records);
  }

  /** The sequence of a stream's event (say, one that cannot be read, to read up to just before it). */
  async sequenceOf(streamId: string, version: number): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT sequence::text FROM events WHERE stream_id = $1 AND version = $2`, [streamId, version]);
    return row.sequence;
  }

  /** The feed's current end: every event numbered up to it is committed. */
  safeHorizon(notBefore?: number): Promise<string> {
    return this.horizon.current(notBefore);
  }

  async streamExists(streamType: string, streamId: string): Promise<boolean> {
    return this.dataSource.getRepository(StoredEventRecord).existsBy({ streamType, streamId, version: 1 });
  }

  /** The whole stream in order, a chunk at a time: a long stream is replayed without holding it all. */
  async *history(streamId: string, chunkSize = 200): AsyncGenerator<RecordedEvent> {
    for (let after = 0; ; ) {
      const chunk = await this.readStream(streamId, after, chunkSize);
      for (const event of chunk) yield event;
      if (chunk.length < chunkSize) return;
      after = chunk[chunk.length - 1].version;
    }
  }

  /** Several whole streams in one query, each in version order (for a cascade over many small streams). */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, StoredEventRecord[]>> {
    const records = await this.dataSource
      .getRepository(StoredEventRecord)
      .find({ where: { streamId: In([...streamIds]) }, order: { streamId: 'ASC', version: 'ASC' } });
    const streams = new Map<string, StoredEventRecord[]>(streamIds.map((id) => [id, []]));
    for (const record of this.inCurrentShape(records)) streams.get(record.streamId)?.push(record);
    return streams;
  }

  /** The stream in order; `afterVersion`/`limit` read it a part at a time. */
  async readStream(streamId: string, afterVersion = 0, limit?: number): Promise<StoredEventRecord[]> {
    const records = await this.dataSource
      .getRepository(StoredEventRecord)
      .find({ where: { streamId, version: MoreThan(afterVersion) }, order: { version: 'ASC' }, take: limit });
    return this.inCurrentShape(records);
  }

  /**
   * Stored events as their type's current schema says (an old shape goes through the upcasters). An event that
   * cannot be read is refused (UnreadableEventError naming it), never passed on under a label it does not match.
   */
  inCurrentShape(records: StoredEventRecord[]): StoredEventRecord[] {
    for (const record of records) {
      const current = this.schemas.currentVersion(record.type);
      try {
        record.data = this.schemas.read(record);
      } catch (error) {
        if (error instanceof UnreadableEventError) this.reportOnce(error);
        throw error;
      }
      record.schemaVersion = current;
    }
    return records;
  }

  /** Every reader of the stream meets the event again; the log names it once per process. */
  private reportOnce(error: UnreadableEventError): void {
    const key = `${error.event.streamId} v${error.event.version}`;
    if (this.reported.has(key) || this.reported.size >= MAX_REPORTED) return;
    this.reported.add(key);
    this.logger.error(error.message);
  }
}
