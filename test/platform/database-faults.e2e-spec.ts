import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { CompletionLoad, type LoadAnswer, type LoadJob } from '../support/completion-load';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { TcpProxy } from '../support/tcp-proxy';
import { resetDatabase } from '../support/test-app';

const ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  DISPATCHER_POLL_INTERVAL_MS: '100',
  // A connection that stays silent is given up after statement timeout + 5 s = 6 s.
  DATABASE_STATEMENT_TIMEOUT_MS: '1000',
  // A lease (longest timeout + 5 s) left by an attempt whose result could not be recorded expires after 6 s.
  CALLBACK_TIMEOUT_MS: '1000',
  STEP_WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '200ms,500ms,1s,1s,1s,1s,1s,1s',
};
/** Clients creating and completing jobs, and readers following the event feed (as the dashboard does). */
const LOAD = { clients: 12, feedReaders: 1 };
const FAULT_MS = 3000;
/** From the end of a fault to the first request that succeeds again. */
const RECOVERY_LIMIT_MS = 10_000;

describe('faults between the service and PostgreSQL, under load', () => {
  let db: DataSource;
  let proxy: TcpProxy;
  let service: ServiceProcess;
  let receiver: Receiver;
  const jobs = new Map<string, LoadJob>();
  const recoveries: Record<string, number> = {};

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    receiver = await Receiver.start();
    const database = await TcpProxy.toTestDatabase();
    proxy = database.proxy;
    service = await startService({ ...ENV, DATABASE_URL: database.url });
  }, 30_000);
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await proxy?.cut().catch(() => undefined);
    await receiver?.stop();
    await db?.destroy();
    console.log(`recovery after each fault (ms): ${JSON.stringify(recoveries)}`);
  });

  /**
   * Runs the load, lets it get going, injects the fault for a while, restores, and measures how long until a
   * request succeeds again; the load keeps running until it has completed jobs after the fault too.
   */
  async function underLoad(phase: string, inject: () => Promise<void> | void): Promise<{ answers: LoadAnswer[]; recoveryMs: number }> {
    const load = CompletionLoad.start(service.url, receiver.url(), phase, jobs, LOAD);
    try {
      await eventually(() => load.confirmedCompletions >= 10, { what: `the load to get going before "${phase}"` });
      await inject();
      const restoredAt = Date.now();
      await proxy.restore();
      await eventually(
        async () => {
          const probe = await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(RECOVERY_LIMIT_MS) });
          return probe.status === 201;
        },
        { what: `a request to succeed after "${phase}"`, timeoutMs: RECOVERY_LIMIT_MS + 5000, intervalMs: 50 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the load's answers: ${JSON.stringify(summary(load.answers))}`);
      });
      const recoveryMs = (recoveries[phase] = Date.now() - restoredAt);
      const confirmedAtRecovery = load.confirmedCompletions;
      await eventually(() => load.confirmedCompletions >= confirmedAtRecovery + 10, { what: `the load to complete jobs again after "${phase}"` });
      return { answers: load.answers, recoveryMs };
    } finally {
      await load.stop();
    }
  }

  /** The answers that break the contract: a 500, a 503 without Retry-After, no answer, a 404 for a created job… */
  function outOfContract(answers: LoadAnswer[]): LoadAnswer[] {
    return answers.filter(({ request, status, retryAfter, isRetry }) => {
      if (status === 503) return retryAfter !== '1';
      if (request === 'create') return status !== 201;
      if (request === 'read feed') return status !== 200;
      return !(status === 200 || (status === 409 && isRetry)); // 409: a repeat that finds the job already completed
    });
  }

  /** The fault's own duration: it proves nothing by itself, the load runs through it. */
  const faultFor = (ms: number) => new Promise((done) => setTimeout(done, ms));

  function expectWithinContract(answers: LoadAnswer[], recoveryMs: number): void {
    expect(outOfContract(answers)).toEqual([]);
    expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
    expect(service.child.exitCode).toBeNull();
    expect(service.output()).not.toContain('Unhandled');
  }

  it('latency of 40 ms per chunk each way: slower, never a 500', async () => {
    const { answers, recoveryMs } = await underLoad('latency', async () => {
      proxy.delay({ toServerMs: 40, toClientMs: 40 });
      await faultFor(FAULT_MS);
    });
    expectWithinContract(answers, recoveryMs);
  });

  it('a stall of 2 s that then flows again: requests wait, never a 500', async () => {
    const { answers, recoveryMs } = await underLoad('stall', async () => {
      proxy.stall();
      await faultFor(2000);
    });
    expectWithinContract(answers, recoveryMs);
  });

  it('half-open connections whose answers never come (commits land, the service cannot know): 503, then recovery', async () => {
    const { answers, recoveryMs } = await underLoad('answers lost', async () => {
      proxy.stall({ direction: 'to-client', afterwards: 'silent' });
      await faultFor(FAULT_MS);
    });
    expectWithinContract(answers, recoveryMs);
    expect(answers.filter((answer) => answer.status === 503).length).toBeGreaterThan(0); // the silence was noticed
  });

  it('a completion that commits but whose answer is lost: 200 or 503, a repeat 200, one delivery under one webhook-id', async () => {
    const send = (method: string, path: string, body: object) =>
      fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
    const created = await send('POST', '/v1/jobs', { callback_url: receiver.url('/answer-lost') });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const completion = { status: 'completed', metadata: { marker: `answer-lost-${id}` } };
    let first: Response | undefined;
    const { answers, recoveryMs } = await underLoad('commit answer lost', async () => {
      // The commit carrying this completion reaches PostgreSQL; its answer never comes back.
      const silenced = proxy.silenceConnectionAfter(completion.metadata.marker, { seenIn: 'to-server', silence: 'to-client' });
      first = await send('PATCH', `/v1/jobs/${id}`, completion);
      await silenced;
    });
    // The service itself may re-decide on the stored row (a unit that read its cached row does) and find the job
    // completed: 200. Otherwise the outcome is unknown to it: 503, and the client repeats.
    const firstAnswer = [first!.status, first!.headers.get('retry-after')];
    expect([[200, null], [503, '1']]).toContainEqual(firstAnswer);
    const repeated = await send('PATCH', `/v1/jobs/${id}`, completion);
    expect(repeated.status).toBe(200);
    expect(await repeated.json()).toMatchObject({ id, status: 'completed', metadata: completion.metadata });
    jobs.set(id, { phase: 'commit answer lost', completionConfirmed: true });

    const [delivery] = await eventually(
      async () => {
        const rows: { id: string; status: string }[] = await db.query(`SELECT id, status FROM deliveries WHERE subject_id = $1`, [id]);
        return rows[0]?.status === 'succeeded' && rows;
      },
      { what: 'the completion to be delivered', timeoutMs: 15_000, intervalMs: 100 },
    ).catch(async (error: Error) => {
      // What the delivery looks like when it is late says where it stuck (its lease, its attempts, its state).
      const state = await db.query(
        `SELECT d.status, d.attempt_count, d.next_attempt_at, now() AS now, l.token, l.attempt AS lease_attempt, l.expires_at,
                (SELECT json_agg(a.*) FROM delivery_attempts a WHERE a.delivery_id = d.id) AS attempts
           FROM deliveries d LEFT JOIN delivery_leases l ON l.delivery_id = d.id WHERE d.subject_id = $1`,
        [id],
      );
      throw new Error(`${error.message}; the delivery: ${JSON.stringify(state)}; the service said: ${service.output().slice(-3000)}`);
    });
    expect((await db.query(`SELECT id FROM deliveries WHERE subject_id = $1`, [id])).length).toBe(1);
    const received = receiver.requests.filter((request) => request.path === '/answer-lost');
    expect(new Set(received.map((request) => request.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    expect(JSON.parse(received[0].body)).toMatchObject({ job_id: id, status: 'completed', metadata: completion.metadata });
    expectWithinContract(answers, recoveryMs);
  });

  it('a connection partitioned right after it took the event feed\'s lock: 503s, never a 500, and the lock is freed', async () => {
    const { answers, recoveryMs } = await underLoad('lock holder partitioned', async () => {
      await Promise.race([
        proxy.silenceConnectionAfter(`pg_advisory_xact_lock(${EVENT_APPEND_LOCK})`), // the feed's exclusive lock; appends take it shared
        faultFor(FAULT_MS).then(() => Promise.reject(new Error('no connection took the feed lock: is the feed being read?'))),
      ]);
      await faultFor(FAULT_MS);
    });
    expectWithinContract(answers, recoveryMs);
  });

  it('every connection reset (RST) every 200 ms: 503s, never a 500', async () => {
    const resetBefore = proxy.stats.reset;
    const { answers, recoveryMs } = await underLoad('resets', async () => {
      for (const until = Date.now() + FAULT_MS; Date.now() < until; ) {
        proxy.reset();
        await faultFor(200);
      }
    });
    expectWithinContract(answers, recoveryMs);
    expect(proxy.stats.reset).toBeGreaterThan(resetBefore);
  });

  it('new connections refused and the open ones reset: 503s, never a 500', async () => {
    const resetBefore = proxy.stats.reset;
    const { answers, recoveryMs } = await underLoad('refused', async () => {
      proxy.refuseNewConnections();
      proxy.reset();
      await faultFor(FAULT_MS);
    });
    expectWithinContract(answers, recoveryMs);
    expect(proxy.stats.reset).toBeGreaterThan(resetBefore);
  });

  it('connections cut mid-message after 1500 bytes: 503s, never a 500', async () => {
    const resetBefore = proxy.stats.reset;
    const { answers, recoveryMs } = await underLoad('torn messages', async () => {
      proxy.dropAfterBytes(1500);
      await faultFor(FAULT_MS);
    });
    expectWithinContract(answers, recoveryMs);
    expect(proxy.stats.reset).toBeGreaterThan(resetBefore);
  });

  it('after all of it: every confirmed completion delivered once, under one webhook-id; no created job missing', async () => {
    const confirmed = [...jobs].filter(([, job]) => job.completionConfirmed).map(([id]) => id);
    expect(confirmed.length).toBeGreaterThan(100);

    const stored: { id: string }[] = await db.query(`SELECT id FROM jobs WHERE id = ANY($1)`, [[...jobs.keys()]]);
    const missing = [...jobs.keys()].filter((id) => !new Set(stored.map((row) => row.id)).has(id));
    expect(missing).toEqual([]);

    type Row = { id: string; subject_id: string; status: string; last_status_code: number | null };
    const deliveriesOf = async (ids: string[]) =>
      (await db.query(`SELECT id, subject_id, status, last_status_code FROM deliveries WHERE kind = 'job' AND subject_id = ANY($1)`, [ids])) as Row[];
    const undelivered = (rows: Row[]) => confirmed.filter((id) => !rows.some((row) => row.subject_id === id && row.status === 'succeeded'));
    const rows = await eventually(
      async () => {
        const current = await deliveriesOf(confirmed);
        return undelivered(current).length === 0 && current;
      },
      { what: 'every confirmed completion to be delivered', timeoutMs: 20_000, intervalMs: 200 },
    ).catch(async (error: Error) => {
      const lost = undelivered(await deliveriesOf(confirmed));
      throw new Error(`${error.message}; ${lost.length} not delivered, by phase: ${JSON.stringify(countBy(lost.map((id) => jobs.get(id)!.phase)))}`);
    });

    const everyDelivery = await deliveriesOf([...jobs.keys()]);
    expect(Object.entries(countBy(everyDelivery.map((row) => row.subject_id))).filter(([, count]) => count > 1)).toEqual([]);
    expect(rows.filter((row) => row.last_status_code !== 200)).toEqual([]);

    const webhookIdsByJob = new Map<string, Set<string>>();
    for (const request of receiver.requests) {
      const jobId = (JSON.parse(request.body) as { job_id: string }).job_id;
      if (!webhookIdsByJob.has(jobId)) webhookIdsByJob.set(jobId, new Set());
      webhookIdsByJob.get(jobId)!.add(String(request.headers['webhook-id']));
    }
    expect([...webhookIdsByJob].filter(([, ids]) => ids.size > 1)).toEqual([]);
    const deliveryIdByJob = new Map(rows.map((row) => [row.subject_id, row.id]));
    const notReceivedAsStored = confirmed.filter((id) => [...(webhookIdsByJob.get(id) ?? [])].join() !== deliveryIdByJob.get(id));
    expect(notReceivedAsStored).toEqual([]);
  }, 40_000);
});

/** Answers counted by request and status, e.g. {"complete 503": 12}: what a failure message shows. */
function summary(answers: LoadAnswer[]): Record<string, number> {
  return countBy(answers.map(({ request, status, isRetry }) => `${request}${isRetry ? ' (repeated)' : ''} ${status}`));
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
