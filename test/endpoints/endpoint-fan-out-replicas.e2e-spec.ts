import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { inParallel } from '../support/processes';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

const JOBS = 300;
const ENV = {
  CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
  CALLBACK_TIMEOUT_MS: '1000',
  STEP_WEBHOOK_TIMEOUT_MS: '1000',
  DELIVERY_LEASE_MARGIN_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '100ms,200ms,500ms,1s',
  DISPATCHER_POLL_INTERVAL_MS: '100',
};

/**
 * Two replicas fan completions out to three endpoints; one is SIGKILLed mid-way. Every endpoint still receives
 * every event it subscribed to — under exactly one webhook-id per endpoint × event (a delivery whose attempt was
 * cut off may arrive again, under the same id: at least once) — and no endpoint receives one it did not.
 */
describe('endpoint fan-out across two replicas, one SIGKILLed', () => {
  let db: DataSource;
  const receivers: Receiver[] = [];
  const replicas: ServiceProcess[] = [];
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    for (let i = 0; i < 3; i++) receivers.push(await Receiver.start());
    replicas.push(...(await Promise.all([startService(ENV), startService(ENV)])));
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    for (const receiver of receivers) await receiver.stop();
    await db.destroy();
  });

  it('loses nothing and fans no event out twice', async () => {
    const call = async (replica: ServiceProcess, path: string, method: string, body?: object) => {
      const answer = await fetch(`${replica.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
      return { status: answer.status, body: (await answer.json()) as Record<string, string> };
    };
    const subscriptions = [['job.failed'], ['job.*'], null];
    const endpoints: { id: string; secret: string }[] = [];
    for (const [index, eventTypes] of subscriptions.entries()) {
      const created = await call(replicas[index % 2], '/v1/endpoints', 'POST', { url: receivers[index].url(`/ep/${index}`), ...(eventTypes && { event_types: eventTypes }) });
      expect(created.status).toBe(201);
      endpoints.push({ id: created.body.id, secret: (await call(replicas[0], `/v1/endpoints/${created.body.id}/secret`, 'GET')).body.secret });
    }
    const alive = () => replicas.filter((replica) => replica.child.exitCode === null && replica.child.signalCode === null);
    const send = async (index: number, path: string, method: string, body: object) => {
      for (let tries = 0; ; tries++) {
        const candidates = alive();
        const answer = await call(candidates[(index + tries) % candidates.length], path, method, body).catch(() => undefined);
        if (answer && answer.status < 500) return answer;
        if (tries > 5) throw new Error(`${method} ${path} failed on every replica`);
      }
    };
    const jobs: { id: string; status: string }[] = new Array(JOBS);
    await inParallel(jobs, 16, async (_, i) => {
      jobs[i] = { id: (await send(i, '/v1/jobs', 'POST', {})).body.id, status: i % 3 === 0 ? 'failed' : 'completed' };
    });
    let completed = 0;
    await inParallel(jobs, 16, async (job, i) => {
      if (++completed === JOBS / 2) replicas[1].child.kill('SIGKILL'); // mid-way: fan-outs and attempts under way
      expect((await send(i, `/v1/jobs/${job.id}`, 'PATCH', { status: job.status })).status).toBe(200);
    });
    expect(await replicas[1].exited).toBe('SIGKILL');

    const expected = [jobs.filter((job) => job.status === 'failed'), jobs, jobs].map((subset) => subset.map((job) => job.id).sort());
    for (const [index, receiver] of receivers.entries()) {
      const idsByJob = new Map<string, Set<string>>();
      await eventually(
        () => {
          idsByJob.clear();
          for (const request of receiver.requests) {
            const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
            const envelope = new Webhook(endpoints[index].secret).verify(request.body, headers) as { data: { job_id: string } };
            idsByJob.set(envelope.data.job_id, new Set([...(idsByJob.get(envelope.data.job_id) ?? []), headers['webhook-id']]));
          }
          return idsByJob.size >= expected[index].length;
        },
        { timeoutMs: 60_000, intervalMs: 100, what: `endpoint ${index}: every subscribed event` },
      );
      expect([...idsByJob.keys()].sort()).toEqual(expected[index]);
      for (const ids of idsByJob.values()) expect(ids.size).toBe(1);
    }
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE endpoint_id IS NOT NULL`);
    expect(n).toBe(expected.reduce((sum, ids) => sum + ids.length, 0));
    console.log(`endpoint replicas test: ${receivers.map((receiver) => receiver.requests.length).join(' + ')} requests for ${n} endpoint deliveries`);
  }, 120_000);
});
