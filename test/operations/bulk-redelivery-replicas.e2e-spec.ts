import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { inParallel } from '../support/processes';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

const DEAD_LETTERS = 500;
const ANSWER_MS = 20;
/** 100/s in batches 200 ms apart: 20 per batch, 25 batches, about 5 s in all. */
const ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  CALLBACK_TIMEOUT_MS: '1000',
  STEP_WEBHOOK_TIMEOUT_MS: '1000',
  DELIVERY_LEASE_MARGIN_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '50ms',
  DISPATCHER_POLL_INTERVAL_MS: '100',
  BULK_REDELIVERY_PER_SECOND: '100',
  WEBHOOK_PER_HOST_CONCURRENCY: '8',
};

describe('a bulk redelivery across two replicas, one SIGKILLed mid-operation', () => {
  let db: DataSource;
  let receiver: Receiver;
  const replicas: ServiceProcess[] = [];
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
    receiver.answer(() => ({ status: 503, body: 'down' }));
    replicas.push(...(await Promise.all([startService(ENV), startService(ENV)])));
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  const send = async (replica: ServiceProcess, method: string, path: string, body?: object) => {
    const answer = await fetch(`${replica.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: answer.status, body: await answer.json() };
  };

  it('asks for every matched delivery exactly once, keeps the pace and the per-host limit, and reports correct progress', async () => {
    const jobs: string[] = new Array(DEAD_LETTERS);
    await inParallel(jobs, 16, async (_, i) => {
      const replica = replicas[i % 2];
      const created = await send(replica, 'POST', '/v1/jobs', { callback_url: receiver.url(`/job/${i}`) });
      expect(created.status).toBe(201);
      jobs[i] = created.body.id;
      expect((await send(replica, 'PATCH', `/v1/jobs/${jobs[i]}`, { status: 'failed' })).status).toBe(200);
    });
    await eventually(async () => (await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'dead_lettered'`))[0].n === DEAD_LETTERS, {
      what: `${DEAD_LETTERS} dead letters`, timeoutMs: 60_000, intervalMs: 200,
    });

    // The receiver is back, answering each request after 20 ms: a slot of the per-host limit then starts at most one
    // request in any 20 ms, so no 20 ms window may hold more requests than the limit's slots.
    const before = receiver.requests.length;
    receiver.answer(() => ({ status: 200, delayMs: ANSWER_MS }));
    const started = await send(replicas[0], 'POST', '/v1/deliveries/redeliver', { status: 'dead_lettered' });
    expect(started).toEqual({ status: 202, body: { operation_id: expect.stringMatching(/^op-/), matched: DEAD_LETTERS } });
    const operationId = started.body.operation_id;
    {
      await eventually(async () => (await db.query(`SELECT scheduled FROM operations WHERE id = $1`, [operationId]))[0]?.scheduled >= 100, {
        what: 'the operation a fifth of the way', timeoutMs: 20_000, intervalMs: 20,
      });
      replicas[0].child.kill('SIGKILL');
      expect(await replicas[0].exited).toBe('SIGKILL');

      const done = await eventually(async () => {
        const progress = await send(replicas[1], 'GET', `/v1/operations/${operationId}`);
        return progress.body.state === 'done' && progress.body.succeeded === DEAD_LETTERS && progress.body;
      }, { what: 'the operation done on the surviving replica, every delivery delivered', timeoutMs: 60_000, intervalMs: 200 });
      expect(done).toMatchObject({ state: 'done', matched: DEAD_LETTERS, scheduled: DEAD_LETTERS, succeeded: DEAD_LETTERS, failed: 0 });
    }

    // Exactly once per delivery by the operation, whichever replica recorded the batch.
    const perDelivery: { n: number; deliveries: number }[] = await db.query(
      `SELECT n, count(*)::int AS deliveries FROM (SELECT stream_id, count(*)::int AS n FROM events
          WHERE type = 'RedeliveryRequested' AND data ->> 'operation_id' = $1 GROUP BY stream_id) per GROUP BY n`, [operationId]);
    expect(perDelivery).toEqual([{ n: 1, deliveries: DEAD_LETTERS }]);
    // Every dead letter reached the receiver again (a SIGKILL mid-attempt may repeat one: at least once, under its webhook-id).
    const again = new Set(receiver.requests.slice(before).map((request) => String(request.headers['webhook-id'])));
    expect(again.size).toBe(DEAD_LETTERS);
    // The pace held across both replicas: batches of 20, each at least 200 ms after the one before.
    const batches: { at: Date; size: number }[] = await db.query(
      `SELECT occurred_at AS at, jsonb_array_length(data -> 'delivery_ids')::int AS size FROM events
        WHERE stream_id = $1 AND type = 'RedeliveryBatchScheduled' ORDER BY version`, [operationId]);
    expect(batches.map((batch) => batch.size)).toEqual(Array.from({ length: DEAD_LETTERS / 20 }, () => 20));
    const gaps = batches.slice(1).map((batch, i) => batch.at.getTime() - batches[i].at.getTime());
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    // Per-host limit: WEBHOOK_PER_HOST_CONCURRENCY slots per replica (two replicas: 16).
    const arrivals = receiver.requests.slice(before).map((request) => request.receivedAt).sort((a, b) => a - b);
    const mostInFlight = Math.max(...arrivals.map((at, i) => arrivals.slice(i).filter((later) => later < at + ANSWER_MS).length));
    expect(mostInFlight).toBeLessThanOrEqual(16);
    console.log(`bulk redelivery replicas: ${batches.length} batches, gaps ${Math.min(...gaps)}–${Math.max(...gaps)} ms, ${receiver.requests.length - before} requests for ${DEAD_LETTERS} redeliveries, at most ${mostInFlight} in flight`);
  }, 180_000);
});
