import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';
import { completeJob, createEndpoint, endpointDeliveries, verified } from './endpoint-helpers';

const RATE = 5;
const JOBS = 20;

/** An endpoint's own rate limit (held across two replicas) and retry schedule. */
describe('endpoint rate limit and retry schedule', () => {
  let replicas: TestApp[];
  beforeAll(async () => {
    const first = await startTestApp();
    await resetDatabase(first.db);
    replicas = [first, await startTestApp()];
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.close();
  });

  it(`holds ${RATE} requests per second across two replicas, and delivers every event once`, async () => {
    const target = await Receiver.start();
    try {
      const endpoint = await createEndpoint(replicas[0], { url: target.url('/limited'), rate_limit: RATE, event_types: ['job.*'] });
      expect(endpoint).toMatchObject({ rate_limit: RATE, retry_schedule: null });
      const jobs = await Promise.all(Array.from({ length: JOBS }, (_, i) => completeJob(replicas[i % 2], 'completed')));
      await eventually(() => target.requests.length >= JOBS, { timeoutMs: 20_000, what: `${JOBS} deliveries at ${RATE}/s` });
      const ids = target.requests.map((received) => (verified(endpoint, received).data as { job_id: string }).job_id);
      expect(ids.sort()).toEqual(jobs.map((job) => job.id).sort());
      const perSecond = new Map<number, number>();
      for (const received of target.requests) perSecond.set(Math.floor(received.receivedAt / 1000), (perSecond.get(Math.floor(received.receivedAt / 1000)) ?? 0) + 1);
      // Slots are taken per second of the database's clock; on a loaded box an admitted request may arrive up to a
      // second later and bunch with the next second's (a clean clone's CI saw 9): at most two seconds' worth at once.
      expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(2 * RATE);
      // The windows are whole seconds: the first may be the tail of one, so JOBS / RATE windows span over JOBS / RATE - 2 s.
      const times = target.requests.map((received) => received.receivedAt);
      expect(perSecond.size).toBeGreaterThanOrEqual(JOBS / RATE);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan((JOBS / RATE - 2) * 1000);
      console.log(`rate limit ${RATE}/s, 2 replicas: arrivals per second ${[...perSecond.entries()].sort(([a], [b]) => a - b).map(([, n]) => n).join(', ')}`);
      await request(replicas[1].http).patch(`/v1/endpoints/${endpoint.id}`).send({ rate_limit: null }).expect(200);
      expect((await request(replicas[1].http).get(`/v1/endpoints/${endpoint.id}`).expect(200)).body.rate_limit).toBeNull();
      await request(replicas[0].http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
    } finally {
      await target.stop();
    }
  }, 30_000);

  it("retries on the endpoint's own schedule, not the service's", async () => {
    const target = (await Receiver.start()).answer(() => ({ status: 500 }));
    try {
      // The service's schedule here is 100ms,200ms (three attempts); the endpoint's gives two.
      const endpoint = await createEndpoint(replicas[0], { url: target.url('/own-schedule'), retry_schedule: '150ms', event_types: ['job.failed'] });
      expect(endpoint.retry_schedule).toBe('150ms');
      await completeJob(replicas[0], 'failed');
      const [delivery] = await eventually(async () => {
        const listed = await endpointDeliveries(replicas[0], endpoint.id);
        return listed[0]?.status === 'dead_lettered' && listed;
      });
      expect((await request(replicas[0].http).get(`/v1/deliveries/${delivery.id}`).expect(200)).body.attempt_count).toBe(2);
      expect(target.requests).toHaveLength(2);
      await request(replicas[0].http).delete(`/v1/endpoints/${endpoint.id}`).expect(204);
    } finally {
      await target.stop();
    }
  });

  it.each([
    [{ rate_limit: 0 }, 'rate_limit'],
    [{ rate_limit: '5' }, 'rate_limit'],
    [{ retry_schedule: '5s,forever' }, 'retry_schedule'],
    [{ retry_schedule: 30 }, 'retry_schedule'],
  ])('refuses %j naming %s', async (settings, field) => {
    const response = await request(replicas[0].http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/x', ...settings }).expect(400);
    expect(response.body.field).toBe(field);
  });
});
