import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import { deliveriesAtRest } from '../support/deliveries-at-rest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

async function addStep(t: TestApp): Promise<{ id: string }> {
  const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
  return (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
}

describe('step-complete webhook with STEP_COMPLETE_KEY', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), STEP_COMPLETE_KEY: 'step-key-123' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    receiver.requests.length = 0;
  });

  it.each(['success', 'failed', 'cancelled'])('POSTs exactly {"step_id"} with the bearer key when a step ends %s', async (status) => {
    const step = await addStep(t);
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status }).expect(200);
    const [received] = await eventually(() => receiver.requests.length === 1 && receiver.requests);
    expect(received.path).toBe('/steps');
    expect(received.body).toBe(JSON.stringify({ step_id: step.id }));
    expect(received.headers.authorization).toBe('Bearer step-key-123');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['webhook-id']).toMatch(/^dlv-/);
    expect(received.headers['webhook-signature']).toBeUndefined(); // no WEBHOOK_SIGNING_SECRET in this app
    const deliveries = await eventually(async () => {
      const list = (await request(t.http).get(`/v1/steps/${step.id}/deliveries`).expect(200)).body.data;
      return list[0]?.status === 'succeeded' && list;
    });
    expect(deliveries[0]).toMatchObject({ kind: 'step', subject_id: step.id, url: receiver.url('/steps'), payload: { step_id: step.id } });
  });

  it('sends nothing for a step that stays pending or is completed again', async () => {
    const pending = await addStep(t);
    const done = await addStep(t);
    await request(t.http).patch(`/v1/steps/${done.id}`).send({ status: 'success' }).expect(200);
    await eventually(() => receiver.requests.length === 1);
    await request(t.http).patch(`/v1/steps/${done.id}`).send({ status: 'success' }).expect(200);
    await deliveriesAtRest(t.db, { dispatchers: [t.app.get(DeliveryDispatcher)] });
    expect(receiver.bodies()).toEqual([{ step_id: done.id }]);
    expect((await request(t.http).get(`/v1/steps/${pending.id}/deliveries`).expect(200)).body.data).toEqual([]);
  });

  it('never shows the key in API answers', async () => {
    const step = await addStep(t);
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200);
    await eventually(() => receiver.requests.length === 1);
    const list = await request(t.http).get('/v1/deliveries').expect(200);
    const detail = await request(t.http).get(`/v1/deliveries/${list.body.data[0].id}`).expect(200);
    expect(JSON.stringify([list.body, detail.body])).not.toContain('step-key-123');
  });
});

describe('step-complete webhook without a key', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: receiver.url('/steps'), STEP_COMPLETE_KEY: '' });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('sends no Authorization header', async () => {
    await resetDatabase(t.db);
    const step = await addStep(t);
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'failed', error: 'tool crashed' }).expect(200);
    const [received] = await eventually(() => receiver.requests.length === 1 && receiver.requests);
    expect(received.headers.authorization).toBeUndefined();
    expect(received.body).toBe(JSON.stringify({ step_id: step.id }));
  });
});

describe('no step-complete webhook configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: '' });
  });
  afterAll(() => t.close());

  it('completes steps and writes no delivery', async () => {
    await resetDatabase(t.db);
    const step = await addStep(t);
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200);
    expect(Number((await t.db.query('SELECT count(*) AS n FROM deliveries'))[0].n)).toBe(0);
  });
});
