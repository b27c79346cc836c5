import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DELIVERY_STATUSES } from '../../src/webhooks/domain/delivery-kind';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEY = 'api-key-for-dashboard-api';
const STEP_KEY = 'step-key-that-must-not-show';
const SECRET = 'whsec_ZGFzaGJvYXJkLWFwaS1zaWduaW5nLXNlY3JldA==';

interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads a live SSE response message by message (supertest would wait for an end that never comes). */
class SseReader {
  readonly messages: SseMessage[] = [];
  private buffer = '';
  constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
        const message: SseMessage = {};
        for (const line of this.buffer.slice(0, end).split('\n')) {
          const [field, ...rest] = line.split(': ');
          if (field === 'id' || field === 'event' || field === 'data') message[field] = rest.join(': ');
        }
        this.buffer = this.buffer.slice(end + 2);
        if (message.event) this.messages.push(message);
      }
    });
  }
  deliveries(): { sequence: number; type: string; delivery: { id: string; status: string } }[] {
    return this.messages.filter((m) => m.event === 'delivery').map((m) => JSON.parse(m.data!));
  }
  close(): void {
    this.response.destroy();
  }
}

function openStream(port: number, headers: Record<string, string>): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path: '/v1/deliveries/stream', headers }, (response) => resolve(new SseReader(response))).on('error', reject).end();
  });
}

describe('the API the dashboard reads', () => {
  let t: TestApp;
  let port: number;
  let receiver: Receiver;
  const auth = { authorization: `Bearer ${KEY}` };
  const get = (path: string) => request(t.http).get(path).set(auth);

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ API_KEYS: KEY, WEBHOOK_SIGNING_SECRET: SECRET, STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), STEP_COMPLETE_KEY: STEP_KEY, WEBHOOK_RETRY_SCHEDULE: '1h' });
    await resetDatabase(t.db);
    await t.close();
    t = await startTestApp({ API_KEYS: KEY, WEBHOOK_SIGNING_SECRET: SECRET, STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), STEP_COMPLETE_KEY: STEP_KEY, WEBHOOK_RETRY_SCHEDULE: '1h' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    receiver.answer((req) => (req.path === '/gone' ? { status: 410 } : req.path === '/busy' ? { status: 503 } : { status: 200, body: 'ok' }));
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  async function complete(path: string): Promise<string> {
    const job = (await request(t.http).post('/v1/jobs').set(auth).send({ callback_url: receiver.url(path) }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).set(auth).send({ status: 'completed' }).expect(200);
    await eventually(async () => (await get(`/v1/jobs/${job.id}`)).body.callback_sent_at, { what: `the attempt for ${path}` });
    return job.id;
  }

  it('streams every delivery event with the delivery as it is now, resumable with Last-Event-ID; needs the key', async () => {
    const refused = await openStream(port, {});
    expect(refused.response.statusCode).toBe(401);
    refused.close();

    const stream = await openStream(port, auth);
    expect(stream.response.headers['content-type']).toBe('text/event-stream');
    await eventually(() => stream.messages.some((m) => m.event === 'ready'), { what: 'ready' });
    const jobId = await complete('/ok');
    const events = await eventually(() => (stream.deliveries().length >= 2 ? stream.deliveries() : undefined), { what: 'two delivery events' });
    stream.close();
    expect(events.map((e) => [e.type, e.delivery.id])).toEqual([
      ['DeliveryScheduled', events[0].delivery.id],
      ['DeliverySucceeded', events[0].delivery.id],
    ]);
    expect(events[1].delivery).toMatchObject({ kind: 'job', subject_id: jobId, status: 'succeeded', last_status_code: 200 });
    const ids = stream.messages.filter((m) => m.event === 'delivery').map((m) => Number(m.id));
    expect(ids).toEqual(events.map((e) => e.sequence));

    // Resuming after the first event gives the second again, and nothing before it.
    const resumed = await openStream(port, { ...auth, 'last-event-id': String(ids[0]) });
    const again = await eventually(() => (resumed.deliveries().length >= 1 ? resumed.deliveries() : undefined), { what: 'the replay' });
    resumed.close();
    expect(again[0]).toEqual(events[1]);

    const bad = await get('/v1/deliveries/stream').set('last-event-id', 'yesterday').expect(400);
    expect(bad.body.field).toBe('last-event-id');
  });

  it('shows the headers each attempt sent: the signature as received, the step key redacted; neither secret anywhere', async () => {
    const run = (await request(t.http).post('/v1/runs').set(auth).send({}).expect(201)).body;
    const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).set(auth).send({}).expect(201)).body;
    const before = receiver.requests.length;
    await request(t.http).patch(`/v1/steps/${step.id}`).set(auth).send({ status: 'success' }).expect(200);
    const [delivery] = await eventually(async () => {
      const list = (await get(`/v1/steps/${step.id}/deliveries`)).body.data;
      return list[0]?.attempt_count === 1 && list[0].status === 'succeeded' ? list : undefined;
    }, { what: 'the step webhook' });
    const detail = await get(`/v1/deliveries/${delivery.id}`).expect(200);
    const received = receiver.requests[before].headers;
    expect(detail.body.attempts[0].request_headers).toEqual({
      'content-type': 'application/json',
      'user-agent': received['user-agent'],
      'webhook-id': delivery.id,
      'webhook-timestamp': received['webhook-timestamp'],
      'webhook-signature': received['webhook-signature'],
      authorization: '[redacted]',
    });
    expect(received.authorization).toBe(`Bearer ${STEP_KEY}`);
    expect(detail.text).not.toContain(STEP_KEY);
    expect(detail.text).not.toContain(SECRET);
    expect(detail.body).toMatchObject({ destination_host: `127.0.0.1:${receiver.port}`, subject_completed_at: expect.any(String) });
  });

  it('filters deliveries by kind, destination host and time window, and names a bad filter', async () => {
    const jobId = await complete('/filtered');
    const all = (await get('/v1/deliveries?limit=100').expect(200)).body.data as { id: string; kind: string; subject_id: string; created_at: string }[];
    const jobs = (await get('/v1/deliveries?kind=job&limit=100').expect(200)).body.data as { kind: string }[];
    expect(jobs.length).toBe(all.filter((d) => d.kind === 'job').length);
    expect(new Set(jobs.map((d) => d.kind))).toEqual(new Set(['job']));
    expect((await get(`/v1/deliveries?host=127.0.0.1:${receiver.port}&kind=step`).expect(200)).body.data).toHaveLength(all.filter((d) => d.kind === 'step').length);
    expect((await get('/v1/deliveries?host=elsewhere.example:443').expect(200)).body.data).toEqual([]);
    const newest = all.find((d) => d.subject_id === jobId)!;
    expect((await get(`/v1/deliveries?since=${newest.created_at}`).expect(200)).body.data.map((d: { id: string }) => d.id)).toEqual([newest.id]);
    expect((await get(`/v1/deliveries?until=${newest.created_at}`).expect(200)).body.data.map((d: { id: string }) => d.id)).not.toContain(newest.id);
    for (const [query, field] of [['kind=batch', 'kind'], ['since=last-week', 'since'], ['until=2026-13-01T00:00:00Z', 'until']]) {
      expect([query, (await get(`/v1/deliveries?${query}`).expect(400)).body.field]).toEqual([query, field]);
    }
  });

  it('counts attempt outcomes per minute and per destination, with the backlog', async () => {
    await resetDatabase(t.db);
    await complete('/ok');
    await complete('/busy'); // retrying: the next attempt is an hour away
    await complete('/gone'); // dead letter
    const stats = (await get('/v1/deliveries/stats?minutes=5').expect(200)).body;
    const totals = stats.minutes.reduce(
      (sum: number[], m: { succeeded: number; retrying: number; dead_lettered: number }) => [sum[0] + m.succeeded, sum[1] + m.retrying, sum[2] + m.dead_lettered],
      [0, 0, 0],
    );
    expect(totals).toEqual([1, 1, 1]);
    expect(Date.parse(stats.since)).toBe(Math.floor(Date.now() / 60_000) * 60_000 - 4 * 60_000);
    // Per URL, failing first (one host's three receivers are three destinations).
    const destination = (path: string) => ({ url: receiver.url(path), host: `127.0.0.1:${receiver.port}`, endpoint_id: null, attempts: 1, last_attempt_at: expect.any(String) });
    expect(stats.destinations).toEqual([
      { ...destination('/busy'), success_rate: 0, p99_latency_ms: null, failing_streak: 1 },
      { ...destination('/gone'), success_rate: 0, p99_latency_ms: null, failing_streak: 1 },
      { ...destination('/ok'), success_rate: 1, p99_latency_ms: expect.any(Number), failing_streak: 0 },
    ]);
    expect(stats.backlog).toEqual({ pending: 0, retrying: 1, delivering: 0, dead_letters: 1, oldest_due_age_seconds: 0 });
    // A redelivered dead letter that fails again: each attempt keeps what it led to (dead_lettered, twice).
    const [dead, ...more] = (await get('/v1/deliveries?status=dead_lettered').expect(200)).body.data;
    expect(more).toEqual([]);
    expect((await get('/v1/deliveries?status=retrying').expect(200)).body.data.map((d: { status: string }) => d.status)).toEqual(['retrying']);
    await request(t.http).post(`/v1/deliveries/${dead.id}/redeliver`).set(auth).expect(202);
    await eventually(async () => (await get(`/v1/deliveries/${dead.id}`)).body.attempts.length === 2, { what: 'the second attempt' });
    const again = (await get('/v1/deliveries/stats?minutes=5').expect(200)).body;
    const outcomes = again.minutes.reduce(
      (sum: number[], m: { succeeded: number; retrying: number; dead_lettered: number }) => [sum[0] + m.succeeded, sum[1] + m.retrying, sum[2] + m.dead_lettered],
      [0, 0, 0],
    );
    expect(outcomes).toEqual([1, 1, 2]);
    expect((await get('/v1/deliveries/stats?minutes=0').expect(400)).body.field).toBe('minutes');
    expect((await request(t.http).get('/v1/deliveries/stats')).status).toBe(401);
  });

  it('serves the dashboard without a key: the page, its assets, deep links; nothing outside its folder', async () => {
    const page = await request(t.http).get('/dashboard').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const asset = /src="\/dashboard\/(assets\/[^"]+\.js)"/.exec(page.text)![1];
    const script = await request(t.http).get(`/dashboard/${asset}`).expect(200);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await request(t.http).get('/dashboard/deliveries/dlv-1').expect(200)).text).toBe(page.text);
    expect((await request(t.http).get('/dashboard/%2e%2e/%2e%2e/package.json').expect(200)).text).toBe(page.text);
    expect((await request(t.http).get('/dashboard/config.json').expect(200)).body).toEqual({
      api_key_required: true,
      delivery_statuses: [...DELIVERY_STATUSES],
    });
  });
});
