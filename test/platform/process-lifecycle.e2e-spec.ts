import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

// Every rule and its message is in src/platform/config/load-app-config.spec.ts; these rows prove the wiring in a
// real process (exit 1, one line on stderr, a secret never echoed), one process each (~1.4 s apiece, far more on a
// loaded machine, in the serial lane).
describe('start-up configuration errors', () => {
  it.each([
    ['WEBHOOK_SIGNING_SECRET', 'my-secret-value', 'Invalid configuration: WEBHOOK_SIGNING_SECRET must be "whsec_" followed by'],
    ['STEP_COMPLETE_WEBHOOK', 'hooks.example.com/steps', 'Invalid configuration: STEP_COMPLETE_WEBHOOK must be an absolute http:// or https:// URL'],
  ])('%s=%s stops the process with one line naming it', (name, badValue, message) => {
    const run = spawnSync(process.execPath, [resolve('dist/main.js')], {
      env: { ...process.env, NODE_OPTIONS: '', [name]: badValue },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
    expect(run.stderr + run.stdout).not.toContain('my-secret-value');
  });
});

describe('graceful shutdown of a real service process', () => {
  let db: DataSource;
  let receiver: Receiver;
  let service: ServiceProcess | undefined;
  const env = { CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE: '100ms', DISPATCHER_POLL_INTERVAL_MS: '100' };

  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    service?.child.kill('SIGKILL');
    receiver.releaseHanging();
    await receiver.stop();
    await db.destroy();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    receiver.requests.length = 0;
  });

  const completeJobs = async (base: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const created = await fetch(`${base}/v1/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ callback_url: receiver.url(`/job/${i}`) }),
      });
      const { id } = await created.json();
      const done = await fetch(`${base}/v1/jobs/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"completed"}' });
      expect(done.status).toBe(200);
    }
  };
  const statuses = async () =>
    Object.fromEntries((await db.query(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`)).map((r: { status: string; n: number }) => [r.status, r.n]));

  it('SIGTERM lets in-flight attempts finish, exits 0, and loses nothing', async () => {
    receiver.answer(() => ({ status: 200, delayMs: 400 }));
    service = await startService({ ...env, SHUTDOWN_TIMEOUT_MS: '5000' });
    await completeJobs(service.url, 10);
    await eventually(() => receiver.requests.length >= 1);
    const inFlightAtSignal = receiver.requests.length;
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const afterExit = await statuses();
    expect(afterExit.delivering ?? 0).toBe(0); // nothing left leased by the dead process
    expect(afterExit.succeeded).toBeGreaterThanOrEqual(inFlightAtSignal); // every request it sent was answered and recorded

    service = await startService(env);
    await eventually(async () => (await statuses()).succeeded === 10, { what: 'all ten callbacks after the restart' });
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(10);
    expect(ids).toHaveLength(10); // graceful: not a single duplicate
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, 60_000);

  it('attempts still running at SHUTDOWN_TIMEOUT_MS are interrupted and released for the next process', async () => {
    receiver.answer(() => 'hang');
    service = await startService({ ...env, SHUTDOWN_TIMEOUT_MS: '300', CALLBACK_TIMEOUT_MS: '30000' });
    await completeJobs(service.url, 3);
    await eventually(() => receiver.hangingCount === 3);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const released = await db.query(`SELECT d.status, d.attempt_count, l.token FROM deliveries d JOIN delivery_leases l ON l.delivery_id = d.id`);
    expect(released).toHaveLength(3);
    for (const row of released) expect(row).toMatchObject({ status: 'pending', attempt_count: 0, token: null });
    expect(Number((await db.query('SELECT count(*) AS n FROM delivery_attempts'))[0].n)).toBe(0);

    receiver.releaseHanging();
    receiver.answer(() => ({ status: 200 }));
    service = await startService(env);
    await eventually(async () => (await statuses()).succeeded === 3, { what: 'the released deliveries to be sent again' });
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, 60_000);
});
