import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';
import { completeJob, createEndpoint, endpointDeliveries } from './endpoint-helpers';

// Two seconds: a loaded CI machine stalls the service for up to a second, which a shorter cool-down cannot tell
// from the circuit's own pause.
const COOLDOWN_MS = 2000;

/** The circuit breaker: after 3 failures in a row an endpoint's attempts pause for the cool-down, then probe one at a time. */
describe('endpoint circuit breaker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ENDPOINT_CIRCUIT_FAILURES: '3', ENDPOINT_CIRCUIT_COOLDOWN: `${COOLDOWN_MS}ms`, WEBHOOK_RETRY_SCHEDULE: Array(30).fill('100ms').join(',') });
    await resetDatabase(t.db);
  });
  afterAll(() => t.close());

  it('holds a failing endpoint for the cool-down, probes one at a time, and sends everything once a probe succeeds', async () => {
    let healthy = false;
    const target = (await Receiver.start()).answer(() => ({ status: healthy ? 200 : 500, delayMs: 50 }));
    try {
      const endpoint = await createEndpoint(t, { url: target.url('/breaker'), event_types: ['job.*'] });
      const jobs = await Promise.all(Array.from({ length: 5 }, () => completeJob(t, 'failed')));
      // Three probes after the circuit opened, while it keeps failing. Counted, not timed: on a loaded machine the
      // failures before it opens can take longer than a cool-down's worth. It opened at the first gap of a cool-down
      // after the third request: it cannot open before three failures.
      const gapsBetween = (arrivals: number[]) => arrivals.slice(1).map((at, i) => at - arrivals[i]);
      const openedAt = (gaps: number[]) => gaps.findIndex((gap, i) => i >= 2 && gap >= 0.9 * COOLDOWN_MS);
      const failing = await eventually(() => {
        const arrivals = target.requests.map((received) => received.receivedAt);
        const opened = openedAt(gapsBetween(arrivals));
        return opened >= 0 && arrivals.length - 1 - opened >= 3 && arrivals;
      }, { what: 'three probes after the circuit opened', timeoutMs: 30_000 });
      const gaps = gapsBetween(failing);
      const opened = openedAt(gaps);
      const seen = { gaps: gaps.map(Math.round), opened };
      // No more failures before it opened than the 5 deliveries had in flight.
      expect({ ...seen, moreThanInFlight: opened >= 3 + 5 }).toEqual({ ...seen, moreThanInFlight: false });
      // Once open, one probe per cool-down: never two requests closer than the cool-down.
      const probeGaps = gaps.slice(opened);
      expect(probeGaps.length).toBeGreaterThanOrEqual(3);
      expect({ ...seen, closerThanACooldown: probeGaps.filter((gap) => gap < 0.9 * COOLDOWN_MS).map(Math.round) }).toEqual({ ...seen, closerThanACooldown: [] });
      // Every request seen was recorded as a failure (the last one's record may follow its arrival by a moment).
      const health = await eventually(async () => {
        const seen = target.requests.length;
        const shown = (await request(t.http).get(`/v1/endpoints/${endpoint.id}/health`).expect(200)).body;
        return shown.failing_streak === seen && shown;
      });
      expect(health).toMatchObject({ state: 'failing', success_rate: 0 });
      const openUntil = await eventually(async () => (await request(t.http).get(`/v1/endpoints/${endpoint.id}/health`).expect(200)).body.circuit_open_until);
      expect(Date.parse(openUntil) - Date.now()).toBeLessThanOrEqual(COOLDOWN_MS);

      healthy = true;
      await eventually(async () => {
        const deliveries = await endpointDeliveries(t, endpoint.id);
        return deliveries.length === jobs.length && deliveries.every((delivery) => delivery.status === 'succeeded');
      }, { what: 'every delivery succeeded after the circuit closed' });
      console.log(`circuit breaker: ${failing.length} failing requests, gaps ${gaps.map((gap) => Math.round(gap)).join(', ')} ms`);
    } finally {
      await target.stop();
    }
  });
});
