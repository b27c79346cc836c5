import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService } from '../support/service-process';
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
    // the slow host never gets more than its limit at once (that no number of poll passes adds to it is
    // src/webhooks/dispatch/delivery-dispatcher-limits.spec.ts, on the in-memory queue)
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

describe('many attempts in flight at once, in a real service process', () => {
  it('adds no listener per attempt to a shared signal (no MaxListenersExceededWarning), and shutdown still interrupts them all', async () => {
    const receiver = await Receiver.start();
    receiver.answer(() => 'hang');
    const db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 1)).initialize();
    await resetDatabase(db);
    const service = await startService({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', CALLBACK_TIMEOUT_MS: '30000', SHUTDOWN_TIMEOUT_MS: '100' });
    try {
      for (let i = 0; i < 24; i++) {
        const job = (await request(service.url).post('/v1/jobs').send({ callback_url: receiver.url() }).expect(201)).body;
        await request(service.url).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
      }
      await eventually(() => receiver.hangingCount === 24, { what: '24 attempts in flight' });
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.output()).not.toContain('MaxListenersExceededWarning');
      // interrupted by the shutdown: released untried for the next process, nothing recorded
      const rows = await db.query(`SELECT status, attempt_count FROM deliveries`);
      expect(rows).toHaveLength(24);
      for (const row of rows) expect(row).toEqual({ status: 'pending', attempt_count: 0 });
    } finally {
      service.child.kill('SIGKILL');
      await db.destroy();
      await receiver.stop();
    }
  }, 60_000);
});
