import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';
import { inParallel } from '../support/processes';

const JOBS = 500;
const CLIENTS = 16;
const SERVICE_ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  CALLBACK_TIMEOUT_MS: '1000',
  STEP_WEBHOOK_TIMEOUT_MS: '1000', // the lease (longest timeout + margin) bounds how long a dead replica's deliveries wait
  DELIVERY_LEASE_MARGIN_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,500ms,1s,1s,1s',
  DISPATCHER_POLL_INTERVAL_MS: '100',
};

/** Runs `work` over the items with a fixed number of concurrent clients. */
describe('crash safety of a real service process', () => {
  let db: DataSource;
  let receiver: Receiver;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  it('SIGKILL while deliveries are in flight loses no callback; duplicates carry an already-seen webhook-id', async () => {
    service = await startService(SERVICE_ENV);
    const first = service;
    const jobIds: string[] = [];
    await inParallel(Array.from({ length: JOBS }, (_, i) => i), CLIENTS, async (i) => {
      const answer = await fetch(`${first.url}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ callback_url: receiver.url(`/hook/${i}`), metadata: { i } }),
      });
      expect(answer.status).toBe(201);
      jobIds.push((await answer.json()).id);
    });

    // complete them; kill the process once half the completions were answered
    const complete = (base: string, id: string) =>
      fetch(`${base}/v1/jobs/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'completed' }) });
    let answered = 0;
    const unconfirmed: string[] = [];
    await inParallel(jobIds, CLIENTS, async (id) => {
      if (answered >= JOBS / 2) {
        if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
        unconfirmed.push(id);
        return;
      }
      const answer = await complete(first.url, id).catch(() => undefined);
      if (answer?.status === 200) answered++;
      else unconfirmed.push(id);
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const receivedBeforeRestart = receiver.requests.length;

    service = await startService(SERVICE_ENV);
    const second = service;
    await inParallel(unconfirmed, CLIENTS, async (id) => {
      expect((await complete(second.url, id)).status).toBe(200); // 200 also when the first process had committed it
    });

    const seen = new Map<string, Set<string>>();
    await eventually(
      () => {
        seen.clear();
        for (const request of receiver.requests) {
          const jobId = JSON.parse(request.body).job_id as string;
          if (!seen.has(jobId)) seen.set(jobId, new Set());
          seen.get(jobId)!.add(String(request.headers['webhook-id']));
        }
        return seen.size === JOBS;
      },
      { timeoutMs: 45_000, intervalMs: 100, what: `callbacks for all ${JOBS} jobs` },
    );
    expect([...seen.keys()].sort()).toEqual([...jobIds].sort());
    for (const ids of seen.values()) expect(ids.size).toBe(1); // a repeat always reuses the delivery's webhook-id
    const succeeded = async () => Number((await db.query(`SELECT count(*) AS n FROM deliveries WHERE status = 'succeeded'`))[0].n);
    await eventually(async () => (await succeeded()) === JOBS, { what: 'every delivery recorded as succeeded' });
    console.log(
      `crash test: ${answered} completions answered before SIGKILL, ${receivedBeforeRestart} callbacks received by then, ` +
        `${receiver.requests.length} requests in all for ${JOBS} jobs (${receiver.requests.length - JOBS} duplicates)`,
    );

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
