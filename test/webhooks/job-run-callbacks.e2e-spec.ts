import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

const SECRET = `whsec_${Buffer.from('a signing secret of 32 bytes....').toString('base64')}`;

describe('job and run callbacks', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_SIGNING_SECRET: SECRET });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await resetDatabase(t.db);
    receiver = await Receiver.start();
  });
  afterEach(() => receiver.stop());

  const createJob = async (body: object) => (await request(t.http).post('/v1/jobs').send(body).expect(201)).body;
  const getJob = async (id: string) => (await request(t.http).get(`/v1/jobs/${id}`).expect(200)).body;

  it('POSTs the exact payload with signed Standard Webhooks headers once the job completes', async () => {
    const job = await createJob({ callback_url: receiver.url('/ci/hook?x=1'), metadata: { pipeline: 'p1' } });
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    const done = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed', metadata: { result: 'green' } }).expect(200)).body;

    const [received] = await eventually(() => receiver.requests.length === 1 && receiver.requests, { what: 'the callback' });
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/ci/hook?x=1');
    expect(JSON.parse(received.body)).toEqual({
      job_id: job.id,
      status: 'completed',
      completed_at: done.completed_at,
      metadata: { pipeline: 'p1', result: 'green' },
    });
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['user-agent']).toBe('CallbackIntegrationService/0.1.0 (webhooks)');
    expect(received.headers['webhook-id']).toMatch(/^dlv-[0-9a-f-]{36}$/);
    // Ids are time-ordered UUIDs (version 7): new rows go to the recent end of every index keyed by them.
    const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(job.id.slice('job-'.length)).toMatch(uuidV7);
    expect(String(received.headers['webhook-id']).slice('dlv-'.length)).toMatch(uuidV7);
    expect(received.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(received.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(received.headers.authorization).toBeUndefined();
    // the receiver's own verification, with the npm standardwebhooks package
    const verified = new Webhook(SECRET).verify(received.body, received.headers as Record<string, string>);
    expect(verified).toEqual(JSON.parse(received.body));

    const row = await eventually(async () => {
      const current = await getJob(job.id);
      return current.callback_status_code === 200 && current;
    });
    expect(row.callback_error).toBeNull();
    expect(Date.parse(row.callback_sent_at)).toBeGreaterThanOrEqual(Date.parse(done.completed_at));

    const deliveries = (await request(t.http).get(`/v1/jobs/${job.id}/deliveries`).expect(200)).body.data;
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      id: received.headers['webhook-id'],
      kind: 'job',
      subject_id: job.id,
      status: 'succeeded',
      attempt_count: 1,
      last_status_code: 200,
      last_error: null,
      next_attempt_at: null,
    });
  });

  it('a signature made with another secret does not verify', async () => {
    const job = await createJob({ callback_url: receiver.url() });
    await request(t.http).post(`/v1/jobs/${job.id}/cancel`).expect(200);
    const [received] = await eventually(() => receiver.requests.length === 1 && receiver.requests);
    const other = `whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`;
    expect(() => new Webhook(other).verify(received.body, received.headers as Record<string, string>)).toThrow();
  });

  it('sends the run payload with run_id', async () => {
    const run = (await request(t.http).post('/v1/runs').send({ agent_id: 'a1', callback_url: receiver.url(), metadata: { m: 1 } }).expect(201)).body;
    const done = (await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'failed' }).expect(200)).body;
    await eventually(() => receiver.requests.length === 1);
    expect(receiver.bodies()).toEqual([{ run_id: run.id, status: 'failed', completed_at: done.completed_at, metadata: { m: 1 } }]);
    await eventually(async () => (await request(t.http).get(`/v1/runs/${run.id}`)).body.callback_status_code === 200);
  });

  it.each(['failed', 'cancelled', 'expired'])('sends status %s for a job', async (status) => {
    const job = await createJob({ callback_url: receiver.url() });
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status }).expect(200);
    await eventually(() => receiver.requests.length === 1);
    expect((receiver.bodies()[0] as { status: string }).status).toBe(status);
  });

  it('sends nothing for running, exactly one for the first terminal transition, nothing for repeats', async () => {
    const job = await createJob({ callback_url: receiver.url() });
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    const noCallback = await createJob({});
    await request(t.http).patch(`/v1/jobs/${noCallback.id}`).send({ status: 'completed' }).expect(200);
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await eventually(() => receiver.requests.length === 1);
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    await request(t.http).post(`/v1/jobs/${job.id}/cancel`).expect(409);
    await deliveriesAtRest(t.db, { dispatchers: [t.app.get(DeliveryDispatcher)] });
    expect(receiver.requests).toHaveLength(1);
    expect(Number((await t.db.query('SELECT count(*) AS n FROM deliveries'))[0].n)).toBe(1);
  });

  it('50 concurrent completions of one job send one request', async () => {
    const job = await createJob({ callback_url: receiver.url() });
    await Promise.all(Array.from({ length: 50 }, () => request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' })));
    await eventually(() => receiver.requests.length === 1);
    await deliveriesAtRest(t.db, { dispatchers: [t.app.get(DeliveryDispatcher)] });
    expect(receiver.requests).toHaveLength(1);
  });
});
