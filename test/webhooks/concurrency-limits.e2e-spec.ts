import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('per-destination concurrency limit', () => {
  let t: TestApp;
  let slow: Receiver;
  let healthy: Receiver;
  beforeAll(async () => {
    slow = await Receiver.start();
    healthy = await Receiver.start();
    // The poll runs only once a minute here: whatever these tests see delivered was handed off at commit or
    // claimed because an attempt freed a slot, never picked up late by the timer.
    t = await startTestApp({
      WEBHOOK_PER_HOST_CONCURRENCY: '2',
      WEBHOOK_CONCURRENCY: '4',
      CALLBACK_TIMEOUT_MS: '10000',
      DISPATCHER_POLL_INTERVAL_MS: '60000',
    });
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    slow.releaseHanging();
    await t.close();
    await slow.stop();
    await healthy.stop();
  });

  const completeJob = async (url: string) => {
    const job = (await request(t.http).post('/v1/jobs').send({ callback_url: url }).expect(201)).body;
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    return job.id as string;
  };

  it('a hanging receiver holds at most its own share; other receivers are still served', async () => {
    slow.answer(() => 'hang');
    for (let i = 0; i < 6; i++) await completeJob(slow.url());
    await eventually(() => slow.hangingCount === 2);

    const healthyJobs = [await completeJob(healthy.url()), await completeJob(healthy.url())];
    // the slow host's waiting rows must not hold up a host with room
    await eventually(() => healthy.requests.length === 2, { what: 'the healthy receiver to be served at once' });
    expect(healthy.bodies().map((b) => (b as { job_id: string }).job_id).sort()).toEqual([...healthyJobs].sort());
    // a short fixed wait: the slow host never gets more than its limit at once
    await new Promise((done) => setTimeout(done, 300));
    expect(slow.hangingCount).toBe(2);
    expect(slow.requests).toHaveLength(2);

    slow.releaseHanging();
    slow.answer(() => ({ status: 200 }));
    await eventually(async () => Number((await t.db.query(`SELECT count(*) AS n FROM deliveries WHERE status = 'succeeded'`))[0].n) === 8, {
      what: 'all eight deliveries to succeed',
    });
    expect(new Set(slow.requests.map((r) => r.headers['webhook-id'])).size).toBe(6);
  });
});
