import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { completeJob } from './endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day (design): the circuit is keyed by the endpoint, but a delivery keeps the URL it was scheduled with ("a
 * changed url applies to deliveries scheduled from then on"). An owner whose URL broke fixes it with PATCH {url}:
 * the deliveries already failing against the old URL are the oldest due, so they are the ones claimed after each
 * cool-down and one of them is the probe — it fails (old URL) and opens the circuit again. The new event, bound
 * for the working URL, waits behind them until every old delivery has used up its retry schedule (one attempt per
 * cool-down), which with the default schedule and cool-down (30 s) is hours. Auto-disable meanwhile counts those
 * probes' failures against the endpoint. (Old and new URL on one host with WEBHOOK_PER_HOST_CONCURRENCY 1 makes the
 * claim order — oldest due first — decide alone which delivery is the probe; with more room it is a lottery among
 * the claimed, which the many old deliveries still win most of the time.)
 */
describe('the circuit after the owner fixed the URL', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({
      ENDPOINT_CIRCUIT_FAILURES: '3', ENDPOINT_CIRCUIT_COOLDOWN: '1s', WEBHOOK_PER_HOST_CONCURRENCY: '1',
      WEBHOOK_RETRY_SCHEDULE: Array(30).fill('100ms').join(','),
    });
    await resetDatabase(t.db);
    receiver = (await Receiver.start()).answer((one) => ({ status: one.path === '/fixed' ? 200 : 500 }));
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('delivers a new event to the fixed URL within a few cool-downs', async () => {
    const endpoint = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/broken'), event_types: ['job.*'] }).expect(201)).body;
    for (let i = 0; i < 30; i++) await completeJob(t, 'failed');
    await eventually(async () => (await t.db.query(`SELECT 1 FROM delivery_circuits WHERE key = $1 AND open_until IS NOT NULL`, [endpoint.id])).length === 1, { what: 'the circuit to open' });
    await request(t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ url: receiver.url('/fixed') }).expect(200);
    const fixedAt = Date.now();
    const job = await completeJob(t, 'completed');
    const arrived = await eventually(() => receiver.requests.find((one) => one.path === '/fixed'), { timeoutMs: 5000, what: 'the new event at the fixed URL' }).catch(() => undefined);
    expect(arrived ? 'arrived' : 'not within 5 cool-downs').toBe('arrived');
    // The deliveries that were failing went to the fixed URL too (repointed), and none to the old one after the fix.
    await eventually(() => new Set(receiver.requests.filter((one) => one.path === '/fixed').map((one) => JSON.parse(one.body).data.job_id)).size === 31, { what: 'all 31 events at the fixed URL' });
    expect(receiver.requests.filter((one) => one.path === '/broken' && one.receivedAt > fixedAt + 200)).toEqual([]);
    expect(receiver.requests.some((one) => one.path === '/fixed' && JSON.parse(one.body).data.job_id === job.id)).toBe(true);
  });
});
