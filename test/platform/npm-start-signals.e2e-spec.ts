import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { startEmbeddedDatabase } from '../../src/platform/database/embedded-database';
import { eventually } from '../support/poll';
import { isAlive } from '../support/processes';
import { Receiver } from '../support/receiver';
import { startNpmScript, type NpmScriptProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

/**
 * `npm start` is `npm run build` followed by exactly what `start:prod` runs; the tests use the build the run made
 * once, so the signal path is exercised through `start:prod` and `start`'s shape is checked here.
 */
describe('npm start', () => {
  it('builds, then execs the same node command as start:prod', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start:prod']).toMatch(/^exec node .*dist\/main\.js$/);
    expect(scripts.start).toBe(`npm run build && ${scripts['start:prod']}`);
  });
});

/**
 * A process manager signals the process it started: here that is npm. The service must get the signal, shut down
 * cleanly and leave nothing behind — no orphaned node still serving after npm is gone.
 */
describe.each(['start:prod'])('SIGTERM to `npm run %s`', (script) => {
  it('reaches the service: npm exits 0, the port closes, no node process is left', async () => {
    const npm = await startNpmScript(script, {});
    // npm's child is the service itself (exec), not a shell standing between them
    expect(execFileSync('ps', ['-o', 'args=', '-p', String(npm.servicePid)], { encoding: 'utf8' })).toContain('dist/main.js');

    npm.npm.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    expect(npm.output()).toContain('SIGTERM received: shutting down');
    await eventually(() => !isAlive(npm.servicePid), { what: 'the service process to be gone' });
    expect(await fetch(`${npm.url}/health/live`).catch(() => 'refused')).toBe('refused');
  }, 90_000);
});

/**
 * Ctrl-C in the terminal that runs `npm start` is SIGINT to its whole foreground process group — npm and node — and
 * npm forwards a copy to node as well. The first starts the graceful shutdown; the repeats must not end it before
 * the attempt in flight is finished and recorded, and the embedded PostgreSQL must not take the terminal's SIGINT
 * (its fast shutdown) before then either.
 */
describe('Ctrl-C on `npm run start:prod` in a terminal (SIGINT to its process group)', () => {
  const DATA_DIR = resolve(`.data/test-ctrl-c-${process.pid}`);
  const RECEIVER_DELAY_MS = 1_500;
  let receiver: Receiver;
  let running: NpmScriptProcess | undefined;

  const postmasterPid = (): number | undefined => {
    try {
      return Number(readFileSync(`${DATA_DIR}/postmaster.pid`, 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  };
  const ctrlC = () => process.kill(-running!.npm.pid!, 'SIGINT');
  const count = (text: string) => running!.output().split(text).length - 1;

  beforeAll(async () => {
    receiver = await Receiver.start();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer(() => ({ status: 200, body: 'ok', delayMs: RECEIVER_DELAY_MS }));
  });
  afterAll(async () => {
    if (running?.npm.exitCode === null && running.npm.signalCode === null) process.kill(-running.npm.pid!, 'SIGKILL');
    const postmaster = postmasterPid();
    if (postmaster && isAlive(postmaster)) {
      process.kill(postmaster, 'SIGCONT');
      process.kill(postmaster, 'SIGINT');
      await eventually(() => !isAlive(postmaster), { what: 'the embedded PostgreSQL left by a failed test to stop' });
    }
    receiver.releaseHanging();
    await receiver.stop();
    rmSync(DATA_DIR, { recursive: true, force: true });
    rmSync(`${DATA_DIR}.owner.json`, { force: true });
  });

  /** Completes a job whose callback the receiver holds for RECEIVER_DELAY_MS, and presses Ctrl-C while it is held. */
  const ctrlCWithAttemptInFlight = async (env: Record<string, string>) => {
    running = await startNpmScript('start:prod', { CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', SHUTDOWN_TIMEOUT_MS: '10000', ...env }, { asTerminal: true });
    const json = { 'content-type': 'application/json' };
    const job = await (await fetch(`${running.url}/v1/jobs`, { method: 'POST', headers: json, body: JSON.stringify({ callback_url: receiver.url('/slow') }) })).json();
    expect((await fetch(`${running.url}/v1/jobs/${job.id}`, { method: 'PATCH', headers: json, body: '{"status":"completed"}' })).status).toBe(200);
    const [request] = await eventually(() => receiver.requests.length === 1 && receiver.requests, { what: 'the callback to reach the receiver' });
    const answeredAt = request.receivedAt + RECEIVER_DELAY_MS;

    ctrlC();
    const signalledAt = Date.now();
    await eventually(() => running!.output().includes('SIGINT received: shutting down'), { what: 'the shutdown to start' });
    ctrlC(); // pressed again, impatiently
    const exitCode = await running.exited;
    const exitedAt = Date.now();

    expect(exitCode).toBe(0);
    expect(signalledAt).toBeLessThan(answeredAt); // the attempt was in flight at the signal…
    expect(exitedAt).toBeGreaterThanOrEqual(answeredAt); // …and npm waited for it
    expect(isAlive(running.servicePid)).toBe(false);
    expect(count('SIGINT received: shutting down')).toBe(1);
    expect(count('the shutdown is already under way')).toBe(1); // npm's copies and the second press: one line
    expect(running.output()).not.toMatch(/unhandled/i);
    expect(running.output()).not.toContain('"level":50'); // no error: nothing failed to be recorded or stopped
    return job.id as string;
  };

  /** The job's delivery as the database holds it, and every lease left in the table. */
  const recorded = async (db: DataSource, jobId: string) => {
    const [delivery] = await db.query(`SELECT id, status, attempt_count FROM deliveries WHERE subject_id = $1`, [jobId]);
    return {
      delivery: { status: delivery.status, attempt_count: delivery.attempt_count },
      attempts: await db.query(`SELECT a.number, a.status_code, a.outcome, a.error, b.body AS response_body FROM delivery_attempts a LEFT JOIN response_bodies b ON b.delivery_id = a.delivery_id AND b.attempt = a.number WHERE a.delivery_id = $1`, [delivery.id]),
      leases: await db.query(`SELECT delivery_id, token FROM delivery_leases`),
    };
  };
  const finishedAndRecorded = {
    delivery: { status: 'succeeded', attempt_count: 1 },
    attempts: [{ number: 1, status_code: 200, outcome: 'succeeded', error: null, response_body: 'ok' }],
    leases: [],
  };

  it('on a PostgreSQL server (DATABASE_URL): the attempt in flight finishes and is recorded, then npm exits 0', async () => {
    const db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 1)).initialize();
    try {
      await resetDatabase(db);
      const jobId = await ctrlCWithAttemptInFlight({});
      expect(await recorded(db, jobId)).toEqual(finishedAndRecorded);
    } finally {
      await db.destroy();
    }
  }, 90_000);

  it('on its embedded PostgreSQL (the quick start): the same, and the service stops the database after recording', async () => {
    const jobId = await ctrlCWithAttemptInFlight({ DATABASE_URL: '', EMBEDDED_PG_DIR: DATA_DIR });
    expect(existsSync(`${DATA_DIR}.owner.json`)).toBe(false); // its stop() ran to the end
    expect(postmasterPid()).toBeUndefined(); // a clean shutdown removes postmaster.pid

    const embedded = await startEmbeddedDatabase(DATA_DIR);
    const db = await new DataSource(dataSourceOptions(embedded.url, 1)).initialize();
    try {
      expect(await recorded(db, jobId)).toEqual(finishedAndRecorded);
    } finally {
      await db.destroy();
      await embedded.stop();
    }
  }, 90_000);

  it('a Ctrl-C after SHUTDOWN_TIMEOUT_MS + 5 s forces a stuck shutdown out (exit 130) and still stops the embedded PostgreSQL', async () => {
    running = await startNpmScript('start:prod', { DATABASE_URL: '', EMBEDDED_PG_DIR: DATA_DIR, SHUTDOWN_TIMEOUT_MS: '0' }, { asTerminal: true });
    const postmaster = postmasterPid()!;
    // Out of the terminal's process group: Ctrl-C reaches it only through the service.
    expect(Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(postmaster)], { encoding: 'utf8' }))).not.toBe(running.npm.pid);
    process.kill(postmaster, 'SIGSTOP'); // a database that no longer answers: the graceful shutdown cannot finish
    try {
      ctrlC();
      await eventually(() => running!.output().includes('SIGINT received: shutting down'), { what: 'the shutdown to start' });
      ctrlC();
      const [, deadline] = await eventually(() => /a signal after (\S+) forces the exit/.exec(running!.output()), { what: 'the repeat to be reported' });
      await eventually(() => Date.now() > Date.parse(deadline), { timeoutMs: 10_000, what: `the shutdown deadline ${deadline} to pass` });
      expect(isAlive(running.servicePid)).toBe(true); // stuck, and the repeats did not end it

      ctrlC();
      expect(await running.exited).toBe(130);
      expect(running.output()).toContain('SIGINT received after the shutdown deadline: exiting now');
      expect(running.output()).not.toMatch(/unhandled/i);
    } finally {
      process.kill(postmaster, 'SIGCONT');
    }
    // The service asked it to stop on its way out: it does so once it runs again.
    await eventually(() => !isAlive(postmaster), { timeoutMs: 20_000, what: 'the embedded PostgreSQL to stop' });
  }, 90_000);
});
