import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { eventually } from '../support/poll';
import { closedPort, Receiver } from '../support/receiver';
import type { RecordedAttempt } from '../support/recorded-delivery';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('delivery outcomes, retries and the attempt log', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    // schedule 100ms, 200ms: three attempts in all, then a dead letter. The attempt timeout is the default's: at
    // 300 ms a receiver answering at once timed out on a machine at load 11, and a one-attempt test then saw three.
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '100ms,200ms' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await resetDatabase(t.db);
    receiver = await Receiver.start();
  });
  afterEach(() => receiver.stop());

  /** Creates a job aimed at `url`, completes it, and returns the job as the completing call answered. */
  const completeJobWithCallback = async (url: string) => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: url }).expect(201)).body;
    return (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
  };
  const deliveryOf = async (jobId: string) => {
    const [summary] = (await request(t.http).get(`/v1/jobs/${jobId}/deliveries`).expect(200)).body.data;
    return (await request(t.http).get(`/v1/deliveries/${summary.id}`).expect(200)).body;
  };
  // A timeout says where the delivery was (its status, lease and attempts) and what the receiver got.
  const settled = (jobId: string, attempts: number) =>
    eventually(
      async () => {
        const delivery = await deliveryOf(jobId);
        if (delivery.attempts.length === attempts && delivery.status !== 'delivering') return delivery;
        const [lease] = await t.db.query(`SELECT token IS NOT NULL AS held, attempt, expires_at FROM delivery_leases WHERE delivery_id = $1`, [delivery.id]);
        throw new Error(`the delivery is ${JSON.stringify({ ...delivery, lease, received: receiver.requests.length, in_flight: t.app.get(DeliveryDispatcher).inFlight })}`);
      },
      { what: `${attempts} recorded attempts` },
    );
  const jobRow = async (id: string) => (await request(t.http).get(`/v1/jobs/${id}`).expect(200)).body;

  it('202 is a success: delivered, row shows 202 and no error', async () => {
    receiver.answer(() => ({ status: 202, body: 'accepted', headers: { 'x-request-id': 'req-7', 'set-cookie': 'sid=secret' } }));
    const job = await completeJobWithCallback(receiver.url());
    const delivery = await settled(job.id, 1);
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 1, last_status_code: 202, last_error: null, next_attempt_at: null });
    expect(delivery.attempts).toEqual([
      {
        number: 1, started_at: expect.any(String), duration_ms: expect.any(Number), status_code: 202, error: null, outcome: 'succeeded', response_body: 'accepted',
        request_headers: expect.any(Object), response_headers: expect.any(Object),
      },
    ]);
    // What the receiver answered with is kept per attempt, its cookie redacted.
    expect(delivery.attempts[0].response_headers).toMatchObject({ 'x-request-id': 'req-7', 'set-cookie': '[redacted]', connection: 'keep-alive' });
    expect(JSON.stringify(delivery)).not.toContain('sid=secret');
    // The headers shown are the ones the receiver got (no signing secret here: no signature).
    const received = receiver.requests[0].headers;
    const shown = delivery.attempts[0].request_headers;
    expect(Object.keys(shown).sort()).toEqual(['content-type', 'user-agent', 'webhook-id', 'webhook-timestamp']);
    for (const name of Object.keys(shown)) expect([name, shown[name]]).toEqual([name, received[name]]);
    const row = await jobRow(job.id);
    expect(row).toMatchObject({ callback_status_code: 202, callback_error: null, callback_sent_at: delivery.attempts[0].started_at });
  });

  it('500 then 200: retried after the schedule, same webhook-id, row ends clean', async () => {
    receiver.answer((_, i) => (i === 0 ? { status: 500, body: 'boom' } : { status: 200 }));
    const job = await completeJobWithCallback(receiver.url());
    const delivery = await settled(job.id, 2);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a: RecordedAttempt) => [a.number, a.status_code, a.error, a.response_body, a.outcome])).toEqual([
      [1, 500, 'HTTP 500', 'boom', 'retrying'],
      [2, 200, null, '', 'succeeded'],
    ]);
    const gap = Date.parse(delivery.attempts[1].started_at) - Date.parse(delivery.attempts[0].started_at);
    expect(gap).toBeGreaterThanOrEqual(80); // 100 ms −20% jitter
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
    expect(receiver.requests[0].body).toBe(receiver.requests[1].body);
    expect(await jobRow(job.id)).toMatchObject({ callback_status_code: 200, callback_error: null });
  });

  it('shows the failure on the row while a retry is pending', async () => {
    receiver.answer(() => ({ status: 503 }));
    const job = await completeJobWithCallback(receiver.url());
    await eventually(async () => (await jobRow(job.id)).callback_status_code === 503);
    expect(await jobRow(job.id)).toMatchObject({ callback_status_code: 503, callback_error: 'HTTP 503' });
  });

  it('410 Gone stops retrying at once', async () => {
    receiver.answer(() => ({ status: 410, body: 'gone' }));
    const job = await completeJobWithCallback(receiver.url());
    const delivery = await settled(job.id, 1);
    expect(delivery).toMatchObject({ status: 'dead_lettered', next_attempt_at: null, last_status_code: 410, last_error: 'HTTP 410' });
    await deliveriesAtRest(t.db, { dispatchers: [t.app.get(DeliveryDispatcher)] });
    expect(receiver.requests).toHaveLength(1);
    expect(await jobRow(job.id)).toMatchObject({ callback_status_code: 410, callback_error: 'HTTP 410' });
  });

  it('a 3xx is a failed attempt and its Location is not followed', async () => {
    receiver.answer((r) => (r.path === '/hook' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 }));
    const job = await completeJobWithCallback(receiver.url());
    await eventually(async () => (await jobRow(job.id)).callback_status_code === 302);
    expect((await jobRow(job.id)).callback_error).toBe('HTTP 302 (redirects are not followed)');
    expect(receiver.requests.every((r) => r.path === '/hook')).toBe(true);
  });

  it('429 with Retry-After waits at least the scheduled delay and at most twice it', async () => {
    receiver.answer((_, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '60' } } : { status: 200 }));
    const job = await completeJobWithCallback(receiver.url());
    const delivery = await settled(job.id, 2);
    const gap = Date.parse(delivery.attempts[1].started_at) - Date.parse(delivery.attempts[0].started_at);
    expect(gap).toBeGreaterThanOrEqual(200); // clamped to 2 × 100 ms, not 60 s
    expect(gap).toBeLessThan(2000);
    expect(delivery.attempts[0]).toMatchObject({ status_code: 429, error: 'HTTP 429' });
  });

  it('a receiver that is not listening: ECONNREFUSED on every attempt, then a dead letter', async () => {
    const job = await completeJobWithCallback(`http://127.0.0.1:${await closedPort()}/hook`);
    const delivery = await settled(job.id, 3);
    expect(delivery.attempts.map((a: RecordedAttempt) => a.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
    expect(delivery).toMatchObject({ status: 'dead_lettered', next_attempt_at: null, attempt_count: 3 });
    expect(await jobRow(job.id)).toMatchObject({ status: 'completed', callback_status_code: null, callback_error: 'ECONNREFUSED' });
    const dead = (await request(t.http).get('/v1/deliveries?status=dead_lettered').expect(200)).body.data;
    expect(dead.map((d: { id: string }) => d.id)).toEqual([delivery.id]);
    expect((await request(t.http).get('/v1/deliveries?status=retrying').expect(200)).body.data).toEqual([]);
    const old = await request(t.http).get('/v1/deliveries?status=failed').expect(400);
    expect(old.body.message).toContain('status');
  });

  it('keeps only the first 1 KiB of a response body', async () => {
    // 410 ends the delivery at its first attempt: a 500 would be retried 100 ms later, and a loaded box could let
    // the retry land before a poll saw exactly one attempt.
    receiver.answer(() => ({ status: 410, body: 'x'.repeat(5000) }));
    const job = await completeJobWithCallback(receiver.url());
    const delivery = await settled(job.id, 1);
    expect(delivery.attempts[0].response_body).toBe('x'.repeat(1024));
  });

  it('redelivers a dead letter with the same webhook-id, answering 202', async () => {
    receiver.answer(() => ({ status: 410 }));
    const job = await completeJobWithCallback(receiver.url());
    const dead = await settled(job.id, 1);
    receiver.answer(() => ({ status: 200 }));
    const answer = await request(t.http).post(`/v1/deliveries/${dead.id}/redeliver`).expect(202);
    // A dead letter with an attempt planned again — or already under way: the dispatcher may claim it before the answer is read.
    expect(answer.body.id).toBe(dead.id);
    expect(['retrying', 'delivering']).toContain(answer.body.status);
    const redelivered = await settled(job.id, 2);
    expect(redelivered).toMatchObject({ status: 'succeeded', attempt_count: 2 });
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([dead.id, dead.id]);
    expect(await jobRow(job.id)).toMatchObject({ callback_status_code: 200, callback_error: null });
  });

  it('answers 404 for unknown deliveries and subjects', async () => {
    await request(t.http).get('/v1/deliveries/dlv-nope').expect(404);
    await request(t.http).post('/v1/deliveries/dlv-nope/redeliver').expect(404);
    await request(t.http).get('/v1/jobs/job-nope/deliveries').expect(404);
    await request(t.http).get('/v1/runs/run-nope/deliveries').expect(404);
    await request(t.http).get('/v1/steps/step-nope/deliveries').expect(404);
    expect((await request(t.http).get('/v1/deliveries?status=lost').expect(400)).body.field).toBe('status');
  });
});

// Its own app: the attempt must still be in flight when the redelivery is asked for (a 300 ms timeout ran out
// first on a loaded machine: the delivery was already 'retrying').
describe('a redelivery asked for while an attempt is in flight', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_TIMEOUT_MS: '30000' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('runs right after it, with the same webhook-id', async () => {
    receiver.answer(() => 'hang');
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url() }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await eventually(() => receiver.hangingCount === 1);
    const [summary] = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
    expect(summary.status).toBe('delivering');
    receiver.answer(() => ({ status: 200 }));
    await request(t.http).post(`/v1/deliveries/${summary.id}/redeliver`).expect(202);
    receiver.releaseHanging(200);
    const delivery = await eventually(async () => {
      const found = (await request(t.http).get(`/v1/deliveries/${summary.id}`).expect(200)).body;
      return found.attempts.length === 2 && found.status !== 'delivering' && found;
    }, { what: 'the redelivery recorded' });
    expect(delivery).toMatchObject({ status: 'succeeded', attempt_count: 2 });
    expect(delivery.attempts.map((attempt: RecordedAttempt) => [attempt.number, attempt.status_code, attempt.outcome])).toEqual([
      [1, 200, 'succeeded'],
      [2, 200, 'succeeded'],
    ]);
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([summary.id, summary.id]);
  });
});

// A receiver that never answers, against a 300 ms attempt timeout (an app of its own: a healthy exchange can take
// longer than that on a loaded machine, so the other tests keep the default).
describe('attempts that time out', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_TIMEOUT_MS: '300', WEBHOOK_RETRY_SCHEDULE: '100ms,200ms' });
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('a receiver that hangs is a timeout, and the completing call does not wait for it', async () => {
    receiver.answer(() => 'hang');
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url() }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    // the API answered while the receiver is still holding the first request
    await eventually(() => receiver.hangingCount === 1 || receiver.requests.length > 1);
    const delivery = await eventually(async () => {
      const found = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data[0];
      const full = found && (await request(t.http).get(`/v1/deliveries/${found.id}`).expect(200)).body;
      return full?.attempts.length === 3 && full.status !== 'delivering' && full;
    }, { what: '3 recorded attempts' });
    expect(delivery).toMatchObject({ status: 'dead_lettered', next_attempt_at: null, last_status_code: null, last_error: 'timeout after 300 ms' });
    for (const attempt of delivery.attempts) {
      expect(attempt).toMatchObject({ status_code: null, error: 'timeout after 300 ms', response_body: null });
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(290);
    }
    expect((await request(t.http).get(`/v1/jobs/${job.id}`).expect(200)).body).toMatchObject({ status: 'completed', callback_status_code: null, callback_error: 'timeout after 300 ms' });
  });
});
