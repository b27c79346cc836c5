import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { EventStore } from '../../src/platform/event-store/event-store';
import { StoredEventRecord } from '../../src/platform/event-store/stored-event.orm-entity';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-rebuilder';
import { readModels } from '../../src/read-models';
import { deliveryForCompletion } from '../../src/webhooks/outbox/completion-delivery';
import { openTestDatabase, resetDatabase } from '../support/database';

const UNITS = 1200;
const READ_MODELS = {
  jobs: 'id', runs: 'id', steps: 'id', deliveries: 'id', delivery_attempts: 'delivery_id, number',
} as const;

/**
 * The benchmark's history (bench/history-load.mjs) must be what the service itself would have written: the same
 * event shapes and order, the read models its projections derive from those events, the payloads its completion
 * builds. Loaded in small chunks, so events that wait for a later chunk are covered too.
 */
describe('the bench --history loader', () => {
  let db: DataSource;
  let session: QueryRunner;
  let events: StoredEventRecord[];
  const eventStore = () => new EventStore(db, EVENT_SCHEMAS);
  const snapshot = async () => {
    const tables: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(READ_MODELS)) tables[table] = await db.query(`SELECT * FROM ${table} ORDER BY ${key}`);
    return tables;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    await resetDatabase(db);
    session = db.createQueryRunner();
    // Plain ES module of the bench (no types): imported by path at run time.
    const { loadHistory, HISTORY_STEP_WEBHOOK } = await import(resolve('bench/history-load.mjs'));
    stepWebhook = HISTORY_STEP_WEBHOOK;
    await loadHistory((sql: string, params?: unknown[]) => session.query(sql, params), {
      units: UNITS, endAt: Date.now() - 3_600_000, spanDays: 3, chunk: 170, schemaVersionOf: (type: string) => EVENT_SCHEMAS.currentVersion(type),
    });
    events = await db.getRepository(StoredEventRecord).find({ order: { sequence: 'ASC' } });
  });
  afterAll(async () => {
    await session.release();
    await db.destroy();
  });
  let stepWebhook: string;

  it('writes jobs, runs with steps, retried and dead-lettered deliveries, numbered in time order, every stream 1..n', async () => {
    const [counts] = await db.query(`
      SELECT (SELECT count(*) FROM jobs)::int AS jobs, (SELECT count(*) FROM runs)::int AS runs, (SELECT count(*) FROM steps)::int AS steps,
             (SELECT count(*) FROM deliveries WHERE status = 'dead_lettered')::int AS dead,
             (SELECT count(*) FROM deliveries WHERE status = 'succeeded' AND attempt_count = 2)::int AS retried,
             (SELECT count(*) FROM delivery_leases)::int AS leases,
             (SELECT count(*) FROM response_bodies)::int AS bodies, (SELECT count(*) FROM delivery_attempts)::int AS attempts`);
    expect(counts).toMatchObject({ jobs: 960, runs: 240, steps: 600, leases: 0 });
    expect(counts.dead).toBeGreaterThan(0);
    expect(counts.retried).toBeGreaterThan(0);
    expect(counts.bodies).toBe(counts.attempts);
    for (let k = 1; k < events.length; k++) expect(events[k].occurredAt.getTime()).toBeGreaterThanOrEqual(events[k - 1].occurredAt.getTime());
    const versions = new Map<string, number>();
    for (const event of events) {
      expect(event.version).toBe((versions.get(event.streamId) ?? 0) + 1);
      versions.set(event.streamId, event.version);
    }
    expect(events.every((event) => event.occurredAt.getTime() < Date.now())).toBe(true);
  });

  it('writes every event in its type’s current schema, readable by the event store', () => {
    expect(events.every((event) => event.schemaVersion === EVENT_SCHEMAS.currentVersion(event.type))).toBe(true);
    expect(() => eventStore().inCurrentShape(events.map((event) => Object.assign(new StoredEventRecord(), event)))).not.toThrow();
  });

  it('schedules each delivery exactly as the service builds it from the completion and its subject', () => {
    const created = new Map(events.filter((event) => event.version === 1).map((event) => [event.streamId, event.data]));
    const completions = new Map(events.filter((event) => /Completed$/.test(event.type)).map((event) => [event.streamId, event]));
    const scheduled = events.filter((event) => event.type === 'DeliveryScheduled');
    expect(scheduled.length).toBe(960 + 240 + 600);
    for (const { data } of scheduled) {
      const completion = completions.get(String(data.subject_id))!;
      const subject = created.get(String(data.subject_id)) as { callback_url?: string; metadata?: Record<string, unknown> };
      const expected = deliveryForCompletion(
        { type: completion.type, streamId: completion.streamId, data: completion.data, occurredAt: completion.occurredAt },
        { callbackUrl: subject.callback_url, metadata: subject.metadata },
        stepWebhook,
      )!;
      expect({ kind: data.kind, url: data.url, destination_host: data.destination_host, payload: data.payload, subject_completed_at: data.subject_completed_at })
        .toEqual({ kind: expected.kind, url: expected.url, destination_host: expected.destinationHost, payload: expected.payload, subject_completed_at: expected.completedAt.toISOString() });
    }
  });

  it('writes the read models the service’s projections derive from those events (a rebuild changes nothing)', async () => {
    const loaded = await snapshot();
    await new ProjectionRebuilder(db, eventStore(), readModels(), () => undefined, 0).rebuild();
    expect(await snapshot()).toEqual(loaded);
  });
});
