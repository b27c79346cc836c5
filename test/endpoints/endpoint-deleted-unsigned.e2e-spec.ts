import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { completeJob } from '../endpoints/endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: an attempt that was claimed (or handed over leased by the fan-out) before its endpoint was deleted, and
 * reaches attemptRequest after the delete committed, finds no secrets (DELETE destroys them) and goes out anyway —
 * with NO webhook-signature header at all: `signingSecrets: []` is not nullish, so webhookHeaders signs with
 * nothing. A receiver that verifies rejects it, one that does not is fed an unauthenticated request; either way the
 * service sent to an endpoint it had answered 204 for. The window is the few queries between claim and send (circuit,
 * rate slot, secrets); here a row lock on its rate window (another replica taking a slot of the same second) widens it.
 */
describe('an attempt in flight across DELETE /v1/endpoints/:id', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_RETRY_SCHEDULE: '2s,2s' });
    await resetDatabase(t.db);
    receiver = (await Receiver.start()).answer((_request, index) => ({ status: index === 0 ? 500 : 200 }));
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('never sends an unsigned request (nor any request once the delete answered)', async () => {
    const endpoint = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/gone'), event_types: ['job.*'], rate_limit: 100 }).expect(201)).body;
    await completeJob(t, 'failed');
    // The first attempt took a slot of the endpoint's rate window (and failed: 500, retried in 2 s).
    await eventually(async () => (await t.db.query(`SELECT 1 FROM delivery_attempts`)).length === 1);
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    let deletedAt = 0;
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT * FROM delivery_rate_windows WHERE key = $1 FOR UPDATE`, [endpoint.id]);
      // The retry is claimed (the endpoint is enabled) and waits for its rate slot.
      await eventually(async () => (await t.db.query(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO delivery_rate_windows%'`)).length > 0, { what: 'the retry to wait for its rate slot' });
      await request(t.http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
      deletedAt = Date.now();
      // Past the 1 s cache of its signing keys.
      await eventually(() => Date.now() > deletedAt + 1200, { timeoutMs: 3000 });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await eventually(() => receiver.requests.length >= 2, { timeoutMs: 2000, what: 'the retry' }).catch(() => undefined);
    const afterDelete = receiver.requests.filter((one) => one.receivedAt > deletedAt);
    expect(afterDelete.map((one) => ({ signature: one.headers['webhook-signature'] ?? 'NONE' }))).toEqual([]);
  });
});
