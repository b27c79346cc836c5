import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/**
 * Reads one sample from Prometheus text, e.g. value(text, 'x_total', { kind: 'job' }). A missing sample fails the
 * test — reading it as 0 would let a gauge that is never exported pass every "is 0" check — unless `absentIs`
 * says what absence means (a counter not yet incremented in a scrape taken before).
 */
function value(text: string, name: string, labels: Record<string, string> = {}, absentIs?: number): number {
  const wanted = Object.entries(labels).map(([key, v]) => `${key}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  if (absentIs !== undefined) return absentIs;
  throw new Error(`no sample ${name}${JSON.stringify(labels)} in the scrape`);
}

describe('Prometheus metrics', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '50ms' });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  const scrape = async () => (await request(t.http).get('/metrics').expect(200).expect('content-type', /text\/plain/)).text;

  it('counts deliveries, attempts by outcome and status class, retries, latency and backlog', async () => {
    const before = await scrape();
    // job A: 200 at once; job B: 500 then 200; job C: 410 (failed for good)
    receiver.answer(({ path }) => {
      if (path === '/b') return receiver.requests.filter((r) => r.path === '/b').length === 1 ? { status: 500 } : { status: 200 };
      return path === '/c' ? { status: 410 } : { status: 200 };
    });
    for (const path of ['/a', '/b', '/c']) {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url(path) }).expect(201)).body;
      await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    }
    // counters move once each result is recorded: poll the scrape itself rather than the table
    const after = await eventually(async () => {
      const text = await scrape();
      const final = value(text, 'callback_deliveries_total', { kind: 'job', outcome: 'succeeded' }, 0) + value(text, 'callback_deliveries_total', { kind: 'job', outcome: 'failed' }, 0);
      const before3 = value(before, 'callback_deliveries_total', { kind: 'job', outcome: 'succeeded' }, 0) + value(before, 'callback_deliveries_total', { kind: 'job', outcome: 'failed' }, 0);
      return final - before3 === 3 && text;
    });
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels, 0);

    expect(delta('callback_deliveries_total', { kind: 'job', outcome: 'succeeded' })).toBe(2);
    expect(delta('callback_deliveries_total', { kind: 'job', outcome: 'failed' })).toBe(1);
    expect(delta('callback_delivery_attempts_total', { kind: 'job', outcome: 'success', status_class: '2xx' })).toBe(2);
    expect(delta('callback_delivery_attempts_total', { kind: 'job', outcome: 'http_error', status_class: '5xx' })).toBe(1);
    expect(delta('callback_delivery_attempts_total', { kind: 'job', outcome: 'http_error', status_class: '4xx' })).toBe(1);
    expect(delta('callback_delivery_retries_total', { kind: 'job' })).toBe(1);
    expect(delta('callback_delivery_attempt_duration_seconds_count', { kind: 'job', outcome: 'success' })).toBe(2);
    expect(delta('callback_delivery_latency_seconds_count', { kind: 'job' })).toBe(2);
    expect(value(after, 'callback_deliveries_dead_letters')).toBe(1);
    expect(value(after, 'callback_deliveries_pending')).toBe(0);
    expect(value(after, 'callback_oldest_due_delivery_age_seconds')).toBe(0);
    expect(delta('http_request_duration_seconds_count', { method: 'PATCH', route: '/v1/jobs/:id', status_code: '200' })).toBe(3);
    expect(value(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('backlog gauges while deliveries wait', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.answer(({ path }) => (path === '/gone' ? { status: 410 } : 'hang'));
    // one request at a time to the receiver: the rest wait, due, in the table
    t = await startTestApp({ WEBHOOK_PER_HOST_CONCURRENCY: '1', CALLBACK_TIMEOUT_MS: '30000', SHUTDOWN_TIMEOUT_MS: '100' });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    await t.close();
    receiver.releaseHanging();
    await receiver.stop();
  });
  const scrape = async () => (await request(t.http).get('/metrics').expect(200)).text;

  it('reports pending deliveries, a dead letter and how far behind the oldest due one is, all above 0', async () => {
    const gone = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/gone') }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${gone.id}`).send({ status: 'completed' }).expect(200);
    await eventually(async () => value(await scrape(), 'callback_deliveries_dead_letters') === 1, { what: 'the 410 to be a dead letter' });
    for (let i = 0; i < 3; i++) {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url('/slow') }).expect(201)).body;
      await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    }
    await eventually(() => receiver.hangingCount === 1);
    const text = await eventually(async () => {
      const current = await scrape();
      return value(current, 'callback_oldest_due_delivery_age_seconds') > 0 && current;
    }, { what: 'the oldest due delivery to age' });
    expect(value(text, 'callback_deliveries_pending')).toBe(3); // one in flight, two waiting for the host
    expect(value(text, 'callback_deliveries_dead_letters')).toBe(1);
    expect(value(text, 'callback_oldest_due_delivery_age_seconds')).toBeGreaterThan(0);
  });
});
