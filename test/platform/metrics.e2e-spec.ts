import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/** Reads one sample from Prometheus text, e.g. value(text, 'x_total', { kind: 'job' }); 0 when absent. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, v]) => `${key}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
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
      const final = value(text, 'callback_deliveries_total', { kind: 'job', outcome: 'succeeded' }) + value(text, 'callback_deliveries_total', { kind: 'job', outcome: 'failed' });
      const before3 = value(before, 'callback_deliveries_total', { kind: 'job', outcome: 'succeeded' }) + value(before, 'callback_deliveries_total', { kind: 'job', outcome: 'failed' });
      return final - before3 === 3 && text;
    });
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

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
