import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { RedeliveryOperationRunner } from '../../src/operations/redelivery-operation-runner';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/** 50/s in batches 200 ms apart: 10 deliveries per batch. */
const PER_SECOND = 50;

describe('bulk redelivery (POST /v1/deliveries/redeliver) and its operation', () => {
  let t: TestApp;
  let failing: Receiver;
  let other: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '50ms', DISPATCHER_POLL_INTERVAL_MS: '50', BULK_REDELIVERY_PER_SECOND: String(PER_SECOND) });
  });
  afterAll(async () => {
    await t.close();
    await failing?.stop();
    await other?.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    await failing?.stop();
    await other?.stop();
    failing = await Receiver.start();
    other = await Receiver.start();
    failing.answer(() => ({ status: 503, body: 'down' }));
    other.answer(() => ({ status: 500, body: 'also down' }));
  });

  /** Jobs whose callbacks end as dead letters (2 attempts each), and their delivery ids. */
  const deadLetters = async (receiver: Receiver, count: number): Promise<string[]> => {
    const jobs = await Promise.all(Array.from({ length: count }, async () => {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/hook') }).expect(201)).body;
      await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'failed' }).expect(200);
      return job.id as string;
    }));
    const rows = await eventually(async () => {
      const found: { id: string; status: string }[] = await t.db.query(`SELECT id, status FROM deliveries WHERE subject_id = ANY($1)`, [jobs]);
      return found.length === count && found.every((row) => row.status === 'dead_lettered') && found;
    }, { what: `${count} dead letters`, timeoutMs: 20_000 });
    return rows.map((row) => row.id).sort();
  };
  const operation = async (id: string) => (await request(t.http).get(`/v1/operations/${id}`).expect(200)).body;
  const finished = (id: string, succeeded: number) =>
    eventually(async () => {
      const body = await operation(id);
      return body.state === 'done' && body.succeeded === succeeded && body;
    }, { what: `operation ${id} done with ${succeeded} delivered`, timeoutMs: 20_000 });

  it('asks for each matching dead letter once, in paced batches; progress says what became of them; others untouched', async () => {
    const matching = await deadLetters(failing, 25);
    const untouched = await deadLetters(other, 3);
    failing.answer(() => ({ status: 200, body: 'back' }));
    const before = failing.requests.length;

    const started = await request(t.http).post('/v1/deliveries/redeliver').send({ status: 'dead_lettered', host: new URL(failing.url()).host }).expect(202);
    expect(started.body).toEqual({ operation_id: expect.stringMatching(/^op-[0-9a-f-]{36}$/), matched: 25 });
    const id = started.body.operation_id;
    expect(await finished(id, 25)).toEqual({
      id, kind: 'redelivery', state: 'done', filter: { status: 'dead_lettered', host: new URL(failing.url()).host },
      matched: 25, scheduled: 25, succeeded: 25, failed: 0, created_at: expect.any(String), finished_at: expect.any(String),
    });

    // Each matching delivery was asked for once by the operation and delivered once more, under its own webhook-id.
    const requested: { stream_id: string; n: number }[] = await t.db.query(
      `SELECT stream_id, count(*)::int AS n FROM events WHERE type = 'RedeliveryRequested' AND data ->> 'operation_id' = $1 GROUP BY stream_id ORDER BY stream_id`, [id]);
    expect(requested).toEqual(matching.map((stream_id) => ({ stream_id, n: 1 })));
    const redelivered = failing.requests.slice(before).map((received) => String(received.headers['webhook-id'])).sort();
    expect(redelivered).toEqual(matching);
    expect(await t.db.query(`SELECT DISTINCT status FROM deliveries WHERE id = ANY($1)`, [untouched])).toEqual([{ status: 'dead_lettered' }]);
    expect(other.requests).toHaveLength(6); // their 2 attempts each, nothing more

    // Paced: batches of 10 at least 200 ms apart, the cursor moving in id order.
    const batches: { ids: string[]; at: Date }[] = (await t.db.query(
      `SELECT data -> 'delivery_ids' AS ids, occurred_at AS at FROM events WHERE stream_id = $1 AND type = 'RedeliveryBatchScheduled' ORDER BY version`, [id]))
      .map((row: { ids: string[]; at: string }) => ({ ids: row.ids, at: new Date(row.at) }));
    expect(batches.map((batch) => batch.ids.length)).toEqual([10, 10, 5]);
    expect(batches.flatMap((batch) => batch.ids)).toEqual(matching);
    for (let i = 1; i < batches.length; i++) expect(batches[i].at.getTime() - batches[i - 1].at.getTime()).toBeGreaterThanOrEqual(200);
    const types = await t.db.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY version`, [id]);
    expect(types.map((row: { type: string }) => row.type)).toEqual([
      'RedeliveryOperationStarted', 'RedeliveryBatchScheduled', 'RedeliveryBatchScheduled', 'RedeliveryBatchScheduled', 'OperationFinished',
    ]);
  });

  it('counts what fails again: dead-lettered again is failed', async () => {
    await deadLetters(failing, 4);
    const { body } = await request(t.http).post('/v1/deliveries/redeliver').send({ status_code: 503 }).expect(202);
    expect(body.matched).toBe(4);
    await eventually(async () => {
      const progress = await operation(body.operation_id);
      return progress.state === 'done' && progress.failed === 4 && progress;
    }, { what: 'the operation done with 4 failed again', timeoutMs: 20_000 });
    expect(await operation(body.operation_id)).toMatchObject({ matched: 4, scheduled: 4, succeeded: 0, failed: 4 });
  });

  it('an Idempotency-Key makes the request safe to repeat; the same key with another filter is a 409', async () => {
    await deadLetters(failing, 2);
    const send = (body: object, key: string) => request(t.http).post('/v1/deliveries/redeliver').set('idempotency-key', key).send(body);
    const first = await send({ status: 'dead_lettered' }, 'recover-1').expect(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const repeat = await send({ status: 'dead_lettered' }, 'recover-1').expect(202);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    const conflict = await send({ status: 'succeeded' }, 'recover-1').expect(409);
    expect(conflict.body).toMatchObject({ field: 'idempotency-key' });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM operations`)).toEqual([{ n: 1 }]);
  });

  it('cancel: no batch after it (a repeat is a no-op); a done operation cannot be cancelled; unknown ids are 404', async () => {
    await deadLetters(failing, 30);
    const { body } = await request(t.http).post('/v1/deliveries/redeliver').send({ status: 'dead_lettered' }).expect(202);
    const cancelled = (await request(t.http).post(`/v1/operations/${body.operation_id}/cancel`).expect(200)).body;
    expect(cancelled).toMatchObject({ id: body.operation_id, state: 'cancelled', matched: 30, finished_at: expect.any(String) });
    expect(cancelled.scheduled).toBeLessThan(30);
    expect((await request(t.http).post(`/v1/operations/${body.operation_id}/cancel`).expect(200)).body).toEqual(await operation(body.operation_id));
    // Nothing more is scheduled: two passes of the runner end after the cancel, the second begun after it.
    const runner = t.app.get(RedeliveryOperationRunner);
    const answeredAt = Date.now();
    const firstEnd = await eventually(() => runner.lastPassEndedAt > answeredAt && runner.lastPassEndedAt, { what: 'a runner pass ending after the cancel' });
    await eventually(() => runner.lastPassEndedAt > firstEnd, { what: 'a whole runner pass after the cancel' });
    expect((await operation(body.operation_id)).scheduled).toBe(cancelled.scheduled);

    const small = (await request(t.http).post('/v1/deliveries/redeliver').send({ subject_id: 'job-none' }).expect(202)).body;
    expect(small.matched).toBe(0);
    await eventually(async () => (await operation(small.operation_id)).state === 'done', { what: 'an empty operation to finish' });
    const refused = await request(t.http).post(`/v1/operations/${small.operation_id}/cancel`).expect(409);
    expect(refused.body).toMatchObject({ field: 'status', message: `operation ${small.operation_id} is already done; there is nothing left to cancel` });
    await request(t.http).get('/v1/operations/op-unknown').expect(404);
    await request(t.http).post('/v1/operations/op-unknown/cancel').expect(404);
  });

  it.each([
    [{}, 'body'],
    [{ status: 'delivering' }, 'status'],
    [{ status: 'failed' }, 'status'],
    [{ kind: 'endpoint' }, 'kind'],
    [{ status_code: '503' }, 'status_code'],
    [{ status_code: 99 }, 'status_code'],
    [{ since: 'yesterday' }, 'since'],
    [{ until: '2026-13-01T00:00:00Z' }, 'until'],
    [{ everything: true }, 'everything'],
  ])('a bad filter %j is a 400 naming %s, and starts nothing', async (body, field) => {
    const answer = await request(t.http).post('/v1/deliveries/redeliver').send(body).expect(400);
    expect(answer.body).toMatchObject({ field });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM events WHERE stream_type = 'operation'`)).toEqual([{ n: 0 }]);
  });
});
