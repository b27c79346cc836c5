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

    const events = (await request(t.http).get(`/v1/jobs/${id}/events`).expect(200)).body.data;
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

  describe('events this service cannot read are refused by name, never shown or decided on under a wrong label', () => {
    /** Hand-crafted rows, as a newer release, a bug or a manual edit could leave them. Append order is the sequence order. */
    async function store(rows: [streamId: string, streamType: string, version: number, type: string, schemaVersion: number, data: object][]): Promise<void> {
      for (const [streamId, streamType, version, type, schemaVersion, data] of rows) {
        await t.db.query(
          `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [streamId, streamType, version, type, schemaVersion, JSON.stringify(data), CREATED_AT],
        );
      }
    }
    const unreadable = (message: string) => ({ statusCode: 500, error: 'Internal Server Error', code: 'unreadable_event', message, request_id: expect.any(String) });
    const eventRows = async (streamId: string) =>
      (await t.db.query(`SELECT version, type FROM events WHERE stream_id = $1 ORDER BY version`, [streamId])).map((row: { version: number; type: string }) => `${row.version} ${row.type}`);

    it('the feed answers the events before one of a schema version newer than known, then refuses at it, naming it', async () => {
      await resetDatabase(t.db);
      const job = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
      await store([['job-from-the-future', 'job', 1, 'JobCreated', 3, { job_id: 'job-from-the-future', created_at: CREATED_AT, shape: 'unknown' }]]);
      await request(t.http).post('/v1/runs').send({}).expect(201);

      const page = (await request(t.http).get('/v1/events').expect(200)).body;
      expect(page.map((e: { stream_id: string; type: string; schema_version: number }) => [e.stream_id, e.type, e.schema_version])).toEqual([[job.id, 'JobCreated', 2]]);
      const refused = await request(t.http).get(`/v1/events?after=${page[0].sequence}`).expect(500);
      expect(refused.body).toEqual(unreadable('event job-from-the-future v1 (JobCreated, schema v3) cannot be read: schema v3 is newer than the newest this service knows (v2)'));
      // A filter that passes over it is not held up by it.
      expect((await request(t.http).get('/v1/events?type=RunCreated').expect(200)).body).toHaveLength(1);
    });

    it.each([
      ['a v0 event (older than the oldest version)', 0, { job_id: 'job-odd' }, 'schema v0 is not a version of JobCreated (v1 to v2)'],
      ['a v2 event without the created_at v2 promises', 2, { job_id: 'job-odd', metadata: {} }, 'data.created_at is missing or not a string'],
    ])('a stream read refuses %s, naming it', async (_, schemaVersion, data, reason) => {
      await resetDatabase(t.db);
      await store([['job-odd', 'job', 1, 'JobCreated', schemaVersion, data], ['job-odd', 'job', 2, 'JobStarted', 1, { job_id: 'job-odd', status: 'running' }]]);
      const refused = await request(t.http).get('/v1/jobs/job-odd/events').expect(500);
      expect(refused.body).toEqual(unreadable(`event job-odd v1 (JobCreated, schema v${schemaVersion}) cannot be read: ${reason}`));
    });

    it('a command on a job, run or step whose completion has an unknown status is refused, and nothing is written', async () => {
      await resetDatabase(t.db);
      const created = (id: string, extra: object = {}) => ({ metadata: {}, created_at: CREATED_AT, ...extra, id });
      await store([
        ['job-odd', 'job', 1, 'JobCreated', 2, created('job-odd')],
        ['job-odd', 'job', 2, 'JobCompleted', 1, { job_id: 'job-odd', status: 'exploded', completed_at: CREATED_AT }],
        ['run-odd', 'run', 1, 'RunCreated', 2, created('run-odd')],
        ['run-odd', 'run', 2, 'RunCompleted', 1, { run_id: 'run-odd', status: 'vanished', completed_at: CREATED_AT }],
        ['run-ok', 'run', 1, 'RunCreated', 2, created('run-ok')],
        ['run-ok', 'run', 2, 'RunStepAdded', 1, { run_id: 'run-ok', step_id: 'step-odd' }],
        ['step-odd', 'step', 1, 'StepCreated', 2, created('step-odd', { run_id: 'run-ok' })],
        ['step-odd', 'step', 2, 'StepCompleted', 1, { step_id: 'step-odd', run_id: 'run-ok', status: 'maybe', error: null, completed_at: CREATED_AT }],
      ]);
      const before = await Promise.all(['job-odd', 'run-odd', 'step-odd'].map(eventRows));

      expect((await request(t.http).post('/v1/jobs/job-odd/cancel').expect(500)).body).toEqual(
        unreadable('event job-odd v2 (JobCompleted, schema v1) cannot be read: data.status "exploded" is not one of completed, failed, cancelled, expired'),
      );
      expect((await request(t.http).patch('/v1/jobs/job-odd').send({ status: 'failed' }).expect(500)).body.code).toBe('unreadable_event');
      expect((await request(t.http).post('/v1/runs/run-odd/steps').send({}).expect(500)).body).toEqual(
        unreadable('event run-odd v2 (RunCompleted, schema v1) cannot be read: data.status "vanished" is not one of completed, failed, cancelled'),
      );
      expect((await request(t.http).patch('/v1/steps/step-odd').send({ status: 'success' }).expect(500)).body).toEqual(
        unreadable('event step-odd v2 (StepCompleted, schema v1) cannot be read: data.status "maybe" is not one of success, failed, cancelled'),
      );
      expect(await Promise.all(['job-odd', 'run-odd', 'step-odd'].map(eventRows))).toEqual(before);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM deliveries`))[0].n).toBe(0);
    });
  });
});
