import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { rebuildProjections } from '../support/rebuild-projections';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const CREATED_AT = '2026-01-05T08:00:00.000Z';
const STARTED_AT = '2026-01-05T08:00:01.500Z';

describe('events stored in an older schema version', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp();
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  /** A job as an earlier release wrote it: JobCreated v1 (no created_at), and no jobs row. */
  async function storeLegacyJob(id: string): Promise<void> {
    await t.db.query(
      `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at) VALUES
         ($1, 'job', 1, 'JobCreated', 1, $2, $3), ($1, 'job', 2, 'JobStarted', 1, $4, $5)`,
      [id, JSON.stringify({ job_id: id, callback_url: receiver.url('/legacy'), metadata: { from: 'v1' } }), CREATED_AT, JSON.stringify({ job_id: id, status: 'running' }), STARTED_AT],
    );
  }

  it('reads a v1 JobCreated in the current shape, rehydrates the job from it, and projects it', async () => {
    const id = 'job-legacy-1';
    await storeLegacyJob(id);

    const events = (await request(t.http).get(`/v1/jobs/${id}/events`).expect(200)).body;
    expect(events.map((e: { type: string; schema_version: number; data: object }) => [e.type, e.schema_version, e.data])).toEqual([
      ['JobCreated', 2, { job_id: id, callback_url: receiver.url('/legacy'), metadata: { from: 'v1' }, created_at: CREATED_AT }],
      ['JobStarted', 1, { job_id: id, status: 'running' }],
    ]);
    const feed = (await request(t.http).get('/v1/events?type=JobCreated').expect(200)).body;
    expect(feed.map((e: { stream_id: string; schema_version: number; data: { created_at: string } }) => [e.stream_id, e.schema_version, e.data.created_at])).toEqual([
      [id, 2, CREATED_AT],
    ]);

    // Decided on the replayed v1 history: running, so it completes and its callback goes out.
    const done = (await request(t.http).patch(`/v1/jobs/${id}`).send({ status: 'completed', metadata: { result: 'ok' } }).expect(200)).body;
    expect(done).toMatchObject({ id, status: 'completed', metadata: { from: 'v1', result: 'ok' }, callback_url: receiver.url('/legacy'), created_at: CREATED_AT });
    await eventually(() => receiver.requests.length === 1, { what: 'the callback' });
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ job_id: id, status: 'completed', completed_at: done.completed_at, metadata: { from: 'v1', result: 'ok' } });
    const job = await eventually(async () => {
      const answer = (await request(t.http).get(`/v1/jobs/${id}`).expect(200)).body;
      return answer.callback_status_code === 200 ? answer : undefined;
    }, { what: 'callback_* recorded' });
    expect(job).toMatchObject({ id, status: 'completed', created_at: CREATED_AT, updated_at: done.completed_at, callback_status_code: 200, callback_error: null });

    // The new events are written at the current versions; the stored v1 rows stay as they were.
    const stored = await t.db.query(`SELECT version, type, schema_version AS "schemaVersion", data ? 'created_at' AS "hasCreatedAt" FROM events WHERE stream_id = $1 ORDER BY version`, [id]);
    expect(stored).toEqual([
      { version: 1, type: 'JobCreated', schemaVersion: 1, hasCreatedAt: false },
      { version: 2, type: 'JobStarted', schemaVersion: 1, hasCreatedAt: false },
      { version: 3, type: 'JobMetadataChanged', schemaVersion: 1, hasCreatedAt: false },
      { version: 4, type: 'JobCompleted', schemaVersion: 1, hasCreatedAt: false },
    ]);
    const fresh = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    expect((await t.db.query(`SELECT schema_version AS v, data->>'created_at' AS at FROM events WHERE stream_id = $1`, [fresh.id]))[0]).toEqual({ v: 2, at: fresh.created_at });

    // A rebuild folds the v1 events through the same upcasters: the same answers.
    const answers = async () => Promise.all([`/v1/jobs/${id}`, `/v1/jobs/${id}/deliveries`, '/v1/jobs'].map(async (path) => (await request(t.http).get(path).expect(200)).text));
    const before = await answers();
    await t.close();
    const rebuilt = await rebuildProjections();
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    t = await startTestApp();
    expect(await answers()).toEqual(before);
  });
});
