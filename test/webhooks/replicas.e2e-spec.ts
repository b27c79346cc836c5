import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';
import { inParallel } from '../support/processes';

const JOBS = 1000;
const ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  // Attempts of 3 s at most and a schedule reaching 2 s: at load 11 in CI, 1 s attempts to a receiver answering in
  // 5 ms timed out five times running and dead-lettered (the test is about sharing and takeover, not timeouts).
  CALLBACK_TIMEOUT_MS: '3000',
  STEP_WEBHOOK_TIMEOUT_MS: '3000', // lease = longest timeout + margin: how long a dead replica's deliveries wait
  DELIVERY_LEASE_MARGIN_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,500ms,1s,2s',
  DISPATCHER_POLL_INTERVAL_MS: '100',
};

describe('three replicas on one PostgreSQL', () => {
  let db: DataSource;
  let receiver: Receiver;
  const replicas: ServiceProcess[] = [];
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
    receiver.answer(() => ({ status: 200, delayMs: 5 }));
    replicas.push(...(await Promise.all([startService(ENV), startService(ENV), startService(ENV)])));
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await receiver.stop();
    await db.destroy();
  });

  it('share the work; one SIGKILLed mid-way loses nothing and no delivery is attempted twice at once', async () => {
    const alive = () => replicas.filter((replica) => replica.child.exitCode === null && replica.child.signalCode === null);
    const send = async (index: number, path: string, method: string, body: object) => {
      for (let tries = 0; ; tries++) {
        const candidates = alive();
        const replica = candidates[(index + tries) % candidates.length];
        const answer = await fetch(`${replica.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).catch(() => undefined);
        if (answer && answer.status < 500) return answer;
        if (tries > 5) throw new Error(`${method} ${path} failed on every replica`);
      }
    };

    const jobIds: string[] = new Array(JOBS);
    await inParallel(jobIds, 16, async (_, i) => {
      const answer = await send(i, '/v1/jobs', 'POST', { callback_url: receiver.url(`/job/${i}`) });
      jobIds[i] = (await answer.json()).id;
    });
    let completed = 0;
    await inParallel(jobIds, 16, async (id, i) => {
      if (++completed === JOBS / 2) replicas[2].child.kill('SIGKILL'); // mid-way, with attempts in flight
      expect((await send(i, `/v1/jobs/${id}`, 'PATCH', { status: 'completed' })).status).toBe(200);
    });
    expect(await replicas[2].exited).toBe('SIGKILL');

    const webhookIdsByJob = new Map<string, Set<string>>();
    await eventually(
      () => {
        webhookIdsByJob.clear();
        for (const request of receiver.requests) {
          const jobId = JSON.parse(request.body).job_id as string;
          if (!webhookIdsByJob.has(jobId)) webhookIdsByJob.set(jobId, new Set());
          webhookIdsByJob.get(jobId)!.add(String(request.headers['webhook-id']));
        }
        return webhookIdsByJob.size === JOBS;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `callbacks for all ${JOBS} jobs` },
    );
    expect([...webhookIdsByJob.keys()].sort()).toEqual([...jobIds].sort());
    for (const ids of webhookIdsByJob.values()) expect(ids.size).toBe(1);
    // The dead replica's attempts in flight are tried again once their leases expire (4 s); a failure says where the rest are.
    await eventually(async () => Number((await db.query(`SELECT count(*) AS n FROM deliveries WHERE status = 'succeeded'`))[0].n) === JOBS, {
      timeoutMs: 30_000,
      what: 'every delivery recorded as succeeded',
    }).catch(async (error: Error) => {
      const rest = await db.query(
        `SELECT d.status, d.attempt_count, d.last_error, d.next_attempt_at, l.token IS NOT NULL AS leased, l.expires_at, now() AS now
           FROM deliveries d LEFT JOIN delivery_leases l ON l.delivery_id = d.id WHERE d.status <> 'succeeded' LIMIT 5`,
      );
      throw new Error(`${error.message}; not succeeded (first 5): ${JSON.stringify(rest)}`);
    });

    // no delivery ever had two recorded attempts whose [started_at, finished_at] intervals overlap
    const overlapping = await db.query(`
      SELECT a.delivery_id FROM delivery_attempts a
        JOIN delivery_attempts b ON a.delivery_id = b.delivery_id AND a.number < b.number
       WHERE a.started_at < b.finished_at AND b.started_at < a.finished_at`);
    expect(overlapping).toEqual([]);
    const attemptNumbers = await db.query(`SELECT count(*) AS n FROM delivery_attempts`);
    console.log(
      `replicas test: ${receiver.requests.length} requests for ${JOBS} jobs ` +
        `(${receiver.requests.length - JOBS} repeats after the SIGKILL), ${attemptNumbers[0].n} attempts recorded`,
    );
  }, 120_000);
});
