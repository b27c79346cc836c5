import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { completeJob } from '../endpoints/endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day (operations): docs/operations.md defines callback_oldest_due_delivery_age_seconds as "how far behind the
 * oldest due delivery is (0 = keeping up)" and /health/ready reports oldest_due_age_seconds. A delivery held because
 * its endpoint is paused, auto-disabled or deleted ("deliveries still waiting stay unsent") is counted as due and
 * waiting: the gauge grows without bound while the dispatcher is idle and keeping up — for a deleted endpoint, for
 * ever — so an alert on it fires falsely, and a real backlog elsewhere hides behind it.
 */
describe('held deliveries in the backlog figures', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '200ms,200ms,200ms' });
    await resetDatabase(t.db);
    receiver = (await Receiver.start()).answer(() => ({ status: 500 }));
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  const gauge = async (): Promise<number> => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    return Number(/^callback_oldest_due_delivery_age_seconds (\S+)$/m.exec(text)![1]);
  };

  it('does not report a deleted endpoint\'s unsent deliveries as a dispatcher falling behind', async () => {
    const endpoint = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/down'), event_types: ['job.*'] }).expect(201)).body;
    await completeJob(t, 'failed');
    await eventually(() => receiver.requests.length >= 1, { what: 'the first (failed) attempt' });
    await request(t.http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
    const deletedAt = Date.now();
    await eventually(() => Date.now() > deletedAt + 2000, { timeoutMs: 3000 });
    const ready = (await request(t.http).get('/health/ready').expect(200)).body.details.deliveries;
    expect({ gauge: await gauge(), oldest_due_age_seconds: ready.oldest_due_age_seconds }).toEqual({ gauge: 0, oldest_due_age_seconds: 0 });
  });
});
