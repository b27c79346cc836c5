import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { completeJob } from '../endpoints/endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: retry_schedule accepts any positive duration, however large ("99999999999999d" is 8.6e21 ms). The first
 * failed attempt's next_attempt_at is then past what a Date can hold (Invalid Date), its result cannot be recorded
 * (RangeError), the lease expires, the delivery is claimed and sent again: every delay in the schedule becomes one
 * more unrecorded request to the receiver, and the attempt log never shows them.
 */
describe('a retry delay past what a date can hold', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    // A 1.2 s lease so a lost result shows within the test.
    t = await startTestApp({ CALLBACK_TIMEOUT_MS: '200', STEP_WEBHOOK_TIMEOUT_MS: '200', DELIVERY_LEASE_MARGIN_MS: '1000' });
    await resetDatabase(t.db);
    receiver = (await Receiver.start()).answer(() => ({ status: 500 }));
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('is refused (400 naming retry_schedule), or every attempt the receiver got is in the attempt log', async () => {
    const answer = await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/huge'), retry_schedule: '99999999999999d,99999999999999d,1s' });
    if (answer.status === 400) {
      expect(answer.body.field).toBe('retry_schedule');
      return;
    }
    expect(answer.status).toBe(201);
    await completeJob(t, 'failed');
    await eventually(() => receiver.requests.length >= 2, { timeoutMs: 6000, what: 'the attempt sent again after its lease expired' });
    const [{ recorded, status }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS recorded, d.status FROM deliveries d WHERE d.endpoint_id = $1`,
      [answer.body.id],
    );
    expect({ sent: receiver.requests.length, recorded, status }).toEqual({ sent: receiver.requests.length, recorded: receiver.requests.length, status: expect.any(String) });
  });
});
