import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/** PATCH callback_url: a job's or run's undelivered callback goes to the new URL under the same webhook-id. */
describe('re-pointing a callback', () => {
  let t: TestApp;
  let broken: Receiver;
  let fixed: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '1h' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await resetDatabase(t.db);
    broken = (await Receiver.start()).answer(() => ({ status: 410 }));
    fixed = await Receiver.start();
  });
  afterEach(async () => {
    await broken.stop();
    await fixed.stop();
  });

  const deliveriesOf = async (path: string) => (await request(t.http).get(`${path}/deliveries`).expect(200)).body.data;
  const settled = (id: string, status: string, attempts: number) =>
    eventually(async () => {
      const delivery = (await request(t.http).get(`/v1/deliveries/${id}`).expect(200)).body;
      return delivery.status === status && delivery.attempts.length === attempts && delivery;
    }, { what: `delivery ${id} ${status} after ${attempts} attempts` });

  it.each(['jobs', 'runs'])('a dead-lettered %s callback goes to the new URL at once, same webhook-id and body; once delivered, 409', async (resource) => {
    const created = (await request(t.http).post(`/v1/${resource}`).send({ callback_url: broken.url() }).expect(201)).body;
    await request(t.http).patch(`/v1/${resource}/${created.id}`).send({ status: 'completed', metadata: { n: 1 } }).expect(200);
    const [{ id }] = await deliveriesOf(`/v1/${resource}/${created.id}`);
    await settled(id, 'dead_lettered', 1);

    const answer = await request(t.http).patch(`/v1/${resource}/${created.id}`).send({ callback_url: fixed.url('/fixed') }).expect(200);
    expect(answer.body).toMatchObject({ status: 'completed', callback_url: fixed.url('/fixed'), callback_status_code: 410, callback_error: 'HTTP 410' });
    const delivery = await settled(id, 'succeeded', 2);
    expect(delivery).toMatchObject({ url: fixed.url('/fixed'), destination_host: `127.0.0.1:${fixed.port}`, attempt_count: 2 });
    expect(fixed.requests).toHaveLength(1);
    expect(fixed.requests[0].path).toBe('/fixed');
    expect(fixed.requests[0].headers['webhook-id']).toBe(broken.requests[0].headers['webhook-id']);
    expect(fixed.requests[0].body).toBe(broken.requests[0].body);
    expect((await request(t.http).get(`/v1/${resource}/${created.id}`).expect(200)).body).toMatchObject({ callback_url: fixed.url('/fixed'), callback_status_code: 200, callback_error: null });
    const kind = resource === 'jobs' ? 'Job' : 'Run';
    const events = (await request(t.http).get(`/v1/${resource}/${created.id}/events`).expect(200)).body.data;
    expect(events.map((event: { type: string }) => event.type)).toContain(`${kind}CallbackUrlChanged`);
    const streamTypes = await t.db.query(`SELECT type FROM events WHERE stream_id = $1 ORDER BY version`, [id]);
    expect(streamTypes.map((row: { type: string }) => row.type)).toEqual(['DeliveryScheduled', 'DeliveryDeadLettered', 'DeliveryRedirected', 'DeliverySucceeded']);

    const refused = await request(t.http).patch(`/v1/${resource}/${created.id}`).send({ callback_url: broken.url('/again') }).expect(409);
    expect(refused.body).toMatchObject({ field: 'callback_url' });
    expect((await request(t.http).get(`/v1/${resource}/${created.id}`).expect(200)).body.callback_url).toBe(fixed.url('/fixed'));
  });

  it('before completion only the URL changes; the completion then calls the new one', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: broken.url() }).expect(201)).body;
    const answer = await request(t.http).patch(`/v1/jobs/${job.id}`).send({ callback_url: fixed.url() }).expect(200);
    expect(answer.body).toMatchObject({ status: 'created', callback_url: fixed.url(), callback_sent_at: null });
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await eventually(() => fixed.requests.length === 1, { what: 'the completion at the new URL' });
    expect(JSON.parse(fixed.requests[0].body)).toMatchObject({ job_id: job.id, status: 'completed' });
    expect(broken.requests).toHaveLength(0);
  });

  it('bad input: a malformed URL is a 400 naming callback_url; a finished job without a callback is a 409; nothing written', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: broken.url() }).expect(201)).body;
    const bad = await request(t.http).patch(`/v1/jobs/${job.id}`).send({ callback_url: 'ftp://example.com/x' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('callback_url');
    const quiet = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${quiet.id}`).send({ status: 'completed' }).expect(200);
    const refused = await request(t.http).patch(`/v1/jobs/${quiet.id}`).send({ callback_url: fixed.url() }).expect(409);
    expect(refused.body).toMatchObject({ field: 'callback_url' });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'JobCallbackUrlChanged'`);
    expect(n).toBe(0);
    expect((await request(t.http).get(`/v1/jobs/${quiet.id}`).expect(200)).body.callback_url).toBeNull();
  });
});
