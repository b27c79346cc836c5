import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { preparedQuery } from '../../src/platform/database/prepared-query';
import { WriteBatch } from '../../src/platform/database/write-batch';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { EventStore } from '../../src/platform/event-store/event-store';
import { openTestDatabase, resetDatabase } from '../support/database';
import { eventually } from '../support/poll';

const created = (streamId: string, version = 1) => ({
  streamId, streamType: 'job', version, type: 'JobCreated', data: { created_at: '2026-12-01T10:00:00.000Z' }, occurredAt: new Date('2026-12-01T10:00:00.000Z'),
});

/** The events table's SQL — appends, the stream-version collision, the feed's horizon — on PostgreSQL, without the app. */
describe('the event store on PostgreSQL', () => {
  let db: DataSource;
  let store: EventStore;
  beforeAll(async () => {
    db = await openTestDatabase();
    store = new EventStore(db, EVENT_SCHEMAS);
  });
  afterAll(() => db.destroy());
  beforeEach(() => resetDatabase(db));

  const commit = async (events: ReturnType<typeof created>[]) => {
    const unit = new WriteBatch();
    store.appendNew(unit, events);
    const { sql, params } = WriteBatch.compileTogether([unit]);
    await preparedQuery(db, sql, params);
  };
  const sequences = async () => (await store.feed({ after: 0, limit: 100 })).map((event) => event.streamId);

  it('appends at the current schema version, in order; a second writer of a stream version collides and writes nothing', async () => {
    await commit([created('job-a'), created('job-b')]);
    await expect(commit([created('job-c'), created('job-a')])).rejects.toMatchObject({ code: '23505' });
    const rows = await db.query(`SELECT stream_id, version, type, schema_version FROM events ORDER BY sequence`);
    expect(rows).toEqual([
      { stream_id: 'job-a', version: 1, type: 'JobCreated', schema_version: 2 },
      { stream_id: 'job-b', version: 1, type: 'JobCreated', schema_version: 2 },
    ]);
  });

  it('the feed never passes an append still in flight: a later committed event waits until it commits', async () => {
    await commit([created('job-first')]);
    expect(await sequences()).toEqual(['job-first']);
    const held = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await held.connect();
    try {
      // An append that took its sequence number and has not committed yet, as a slow unit of work would.
      await held.query('BEGIN');
      await held.query('SELECT pg_advisory_xact_lock_shared($1)', [EVENT_APPEND_LOCK]);
      await held.query(
        `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         VALUES ('job-held', 'job', 1, 'JobCreated', 2, '{"created_at": "2026-12-01T10:00:00.000Z"}', now())`,
      );
      await commit([created('job-later')]);
      // Each read waits at most 20 ms for the held append, then answers up to the last safe horizon (the first event).
      await eventually(async () => (await db.query(`SELECT count(*)::int AS n FROM events`))[0].n === 2);
      expect(await sequences()).toEqual(['job-first']);
      await held.query('COMMIT');
      await eventually(async () => (await sequences()).length === 3, { what: 'the horizon to pass the committed append' });
      expect(await sequences()).toEqual(['job-first', 'job-held', 'job-later']);
    } finally {
      await held.end();
    }
  });
});
