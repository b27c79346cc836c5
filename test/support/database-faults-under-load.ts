import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { CompletionLoad, type LoadAnswer, type LoadJob } from './completion-load';
import { eventually } from './poll';
import { Receiver } from './receiver';
import { startService, type ServiceProcess } from './service-process';
import { TcpProxy } from './tcp-proxy';
import { resetDatabase } from './test-app';

/**
 * A service process behind a TCP proxy to its database, under a load of clients creating and completing jobs, for
 * the database-faults specs: each phase injects a fault through the proxy while the load runs, and the describe
 * ends by checking that every completion the API confirmed was delivered once, under one webhook-id.
 */
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
export const FAULT_MS = 3000;
/** From the end of a fault to the first request that succeeds again. */
const RECOVERY_LIMIT_MS = 10_000;
/** Each phase confirms at least 10 completions before its fault and 10 after its recovery. */
const CONFIRMED_PER_PHASE = 20;

export interface FaultsUnderLoad {
  db: DataSource;
  proxy: TcpProxy;
  service: ServiceProcess;
  receiver: Receiver;
  /** Every job the load (or a phase) created, with whether its completion was confirmed. */
  jobs: Map<string, LoadJob>;
  underLoad(phase: string, inject: () => Promise<void> | void): Promise<{ answers: LoadAnswer[]; recoveryMs: number }>;
  expectWithinContract(answers: LoadAnswer[], recoveryMs: number): void;
  /** The fault's own duration: it proves nothing by itself, the load runs through it. */
  faultFor(ms: number): Promise<void>;
}

/** A describe with the service under load; `phases` adds its tests, and a closing test checks every delivery. */
export function describeFaultsUnderLoad(title: string, phases: (faults: FaultsUnderLoad) => void): void {
  describe(title, () => {
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
    const faultFor = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

    function expectWithinContract(answers: LoadAnswer[], recoveryMs: number): void {
      expect(outOfContract(answers)).toEqual([]);
      expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
      expect(service.child.exitCode).toBeNull();
      expect(service.output()).not.toContain('Unhandled');
    }

    phases({
      get db() {
        return db;
      },
      get proxy() {
        return proxy;
      },
      get service() {
        return service;
      },
      get receiver() {
        return receiver;
      },
      jobs,
      underLoad,
      expectWithinContract,
      faultFor,
    });

    it('after all of it: every confirmed completion delivered once, under one webhook-id; no created job missing', async () => {
      const confirmed = [...jobs].filter(([, job]) => job.completionConfirmed).map(([id]) => id);
      // The load ran through every phase (a phase that gave up early would confirm fewer).
      expect(confirmed.length).toBeGreaterThanOrEqual(CONFIRMED_PER_PHASE * Object.keys(recoveries).length);

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
}

/** Answers counted by request and status, e.g. {"complete 503": 12}: what a failure message shows. */
function summary(answers: LoadAnswer[]): Record<string, number> {
  return countBy(answers.map(({ request, status, isRetry }) => `${request}${isRetry ? ' (repeated)' : ''} ${status}`));
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
