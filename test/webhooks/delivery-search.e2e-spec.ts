import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createEndpoint } from '../endpoints/endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Search (issue 22 item 4) through the real app: deliveries by subject id prefix, URL, status code and the
 * subject's metadata; a bulk redelivery takes the same fields; jobs and runs by id prefix and metadata; the
 * destination health per URL (or endpoint), not per host. The SQL of each is in delivery-search.int-spec.ts.
 */
describe('search', () => {
  let t: TestApp;
  let receiver: Receiver;
  const ids = (body: { data: { id: string }[] }) => body.data.map((row) => row.id);
  const deliveries = async (query: string) => ids((await request(t.http).get(`/v1/deliveries?${query}`).expect(200)).body);
  /** Job ids → their callback delivery ids, newest first (as the list answers). */
  const deliveryOf = new Map<string, string>();
  const jobs: Record<string, string> = {};
  let runId: string;
  let endpointId: string;

  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.answer((req) => (req.path.startsWith('/busy') ? { status: 503 } : { status: 200, body: 'ok' }));
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1h' });
    await resetDatabase(t.db);
    const complete = async (name: string, path: string, metadata: object) => {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url(path), metadata }).expect(201)).body;
      await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
      jobs[name] = job.id;
    };
    await complete('nightlyOk', '/hooks/ci?job=1', { pipeline: 'nightly', attempt: 1 });
    await complete('nightlyBusy', '/busy/ci?job=2', { pipeline: 'nightly', attempt: 2 });
    await complete('weeklyOk', '/hooks/ci?job=3', { pipeline: 'weekly', attempt: '1' });
    const run = (await request(t.http).post('/v1/runs').send({ metadata: { pipeline: 'nightly' } }).expect(201)).body;
    runId = run.id;
    await eventually(async () => {
      const rows = (await request(t.http).get('/v1/deliveries?limit=100').expect(200)).body.data as { id: string; subject_id: string; attempt_count: number; status: string }[];
      for (const row of rows) deliveryOf.set(row.subject_id, row.id);
      return rows.length === 3 && rows.every((row) => row.attempt_count === 1 && row.status !== 'delivering');
    }, { what: 'the three callbacks attempted' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('finds deliveries by subject id prefix, URL prefix, status code and metadata, each narrowing', async () => {
    const [ok, busy, weekly] = [jobs.nightlyOk, jobs.nightlyBusy, jobs.weeklyOk].map((id) => deliveryOf.get(id)!);
    expect(await deliveries('subject_id_prefix=job-')).toEqual([weekly, busy, ok]);
    expect(await deliveries('subject_id_prefix=run-')).toEqual([]);
    expect(await deliveries(`subject_id_prefix=${jobs.nightlyBusy.slice(0, -1)}`)).toEqual([busy]);
    expect(await deliveries(`url=${encodeURIComponent(receiver.url('/hooks/').replace('http://', ''))}`)).toEqual([weekly, ok]);
    expect(await deliveries(`url=${encodeURIComponent(receiver.url('/hooks/ci?job=3'))}`)).toEqual([weekly]);
    expect(await deliveries('status_code=503')).toEqual([busy]);
    expect(await deliveries('status_code=200')).toEqual([weekly, ok]);
    expect(await deliveries('metadata_key=pipeline&metadata_value=nightly')).toEqual([busy, ok]);
    expect(await deliveries('metadata_key=attempt&metadata_value=1')).toEqual([weekly, ok]); // 1 and "1"
    expect(await deliveries('metadata_key=pipeline')).toEqual([weekly, busy, ok]);
    expect(await deliveries('metadata_key=pipeline&metadata_value=nightly&status_code=200')).toEqual([ok]);
    expect(await deliveries('metadata_key=pipeline&metadata_value=monthly')).toEqual([]);
  });

  it('refuses a bad search field with a 400 naming it, on the list and on a bulk redelivery', async () => {
    const cases: [string, string][] = [
      ['metadata_value=nightly', 'metadata_value'],
      ['status_code=5xx', 'status_code'],
      ['status_code=99', 'status_code'],
      ['url=', 'url'],
      ['subject_id_prefix=', 'subject_id_prefix'],
      ['since=2026-W49', 'since'], // ISO 8601, but no date `new Date` reads
      ['until=2026-337', 'until'],
      [`metadata_key=${'k'.repeat(201)}`, 'metadata_key'],
    ];
    for (const [query, field] of cases) {
      const refused = await request(t.http).get(`/v1/deliveries?${query}`);
      expect([query, refused.status, refused.body.field]).toEqual([query, 400, field]);
    }
    for (const [body, field] of [[{ metadata_value: 'x' }, 'metadata_value'], [{ url: '' }, 'url'], [{ since: '2026-W49' }, 'since'], [{ status_code: '503' }, 'status_code']] as const) {
      const refused = await request(t.http).post('/v1/deliveries/redeliver').send(body);
      expect([body, refused.status, refused.body.field]).toEqual([body, 400, field]);
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM operations`))[0].n).toBe(0);
    const message = (await request(t.http).get('/v1/deliveries?metadata_value=nightly').expect(400)).body.message;
    expect(message).toBe('metadata_value needs metadata_key: the key whose value to match');
  });

  it('a bulk redelivery selects with the same fields, and keeps them as its filter', async () => {
    const body = { url: receiver.url('/hooks/').replace('http://', ''), metadata_key: 'pipeline', metadata_value: 'nightly', status_code: 200 };
    const started = (await request(t.http).post('/v1/deliveries/redeliver').send(body).expect(202)).body;
    expect(started.matched).toBe(1);
    const operation = await eventually(async () => {
      const read = (await request(t.http).get(`/v1/operations/${started.operation_id}`).expect(200)).body;
      return read.state === 'done' ? read : undefined;
    }, { what: 'the operation done' });
    expect(operation).toMatchObject({ filter: body, matched: 1, scheduled: 1 });
    const [asked, ...more] = await t.db.query(`SELECT stream_id FROM events WHERE type = 'RedeliveryRequested'`);
    expect([asked.stream_id, more]).toEqual([deliveryOf.get(jobs.nightlyOk), []]);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries/${asked.stream_id}`)).body.attempts.length === 2, { what: 'the redelivery attempted' });
  });

  it('lists jobs and runs by id prefix and metadata key/value', async () => {
    const listed = async (path: string) => ids((await request(t.http).get(path).expect(200)).body);
    expect(await listed('/v1/jobs?metadata_key=pipeline&metadata_value=nightly')).toEqual([jobs.nightlyBusy, jobs.nightlyOk]);
    expect(await listed('/v1/jobs?metadata_key=attempt&metadata_value=1&status=completed')).toEqual([jobs.weeklyOk, jobs.nightlyOk]);
    expect(await listed(`/v1/jobs?id_prefix=${jobs.weeklyOk}`)).toEqual([jobs.weeklyOk]);
    expect(await listed(`/v1/runs?id_prefix=${runId.slice(0, 8)}&metadata_key=pipeline`)).toEqual([runId]);
    expect(await listed('/v1/runs?metadata_key=pipeline&metadata_value=weekly')).toEqual([]);
    for (const [path, field] of [['/v1/jobs?metadata_value=x', 'metadata_value'], ['/v1/runs?id_prefix=', 'id_prefix']]) {
      expect((await request(t.http).get(path).expect(400)).body.field).toBe(field);
    }
  });

  it('counts destination health per URL without its query (and per endpoint), not per host', async () => {
    const endpoint = await createEndpoint(t, { url: receiver.url('/endpoint'), event_types: ['job.completed'] });
    endpointId = endpoint.id;
    const job = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await eventually(async () => (await request(t.http).get(`/v1/deliveries?endpoint_id=${endpointId}&status=succeeded`)).body.data.length === 1, {
      what: 'the endpoint delivery',
    });
    const stats = (await request(t.http).get('/v1/deliveries/stats?minutes=5').expect(200)).body;
    const host = `127.0.0.1:${receiver.port}`;
    const destination = { p99_latency_ms: expect.any(Number), last_attempt_at: expect.any(String) };
    expect(stats.destinations).toEqual([
      { ...destination, url: receiver.url('/busy/ci'), host, endpoint_id: null, attempts: 1, success_rate: 0, failing_streak: 1, p99_latency_ms: null },
      { ...destination, url: receiver.url('/hooks/ci'), host, endpoint_id: null, attempts: 3, success_rate: 1, failing_streak: 0 },
      { ...destination, url: receiver.url('/endpoint'), host, endpoint_id: endpointId, attempts: 1, success_rate: 1, failing_streak: 0 },
    ]);
  });
});
