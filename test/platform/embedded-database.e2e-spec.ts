import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startService, type ServiceProcess } from '../support/service-process';
import { isAlive } from '../support/processes';

const DATA_DIR = resolve(`.data/test-orphan-${process.pid}`);

function postmasterPid(): number | undefined {
  try {
    return Number(readFileSync(`${DATA_DIR}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

describe('the service on its embedded PostgreSQL (no DATABASE_URL)', () => {
  let service: ServiceProcess | undefined;
  afterAll(() => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    const orphan = postmasterPid();
    if (orphan && isAlive(orphan)) process.kill(orphan, 'SIGINT');
    rmSync(DATA_DIR, { recursive: true, force: true });
    rmSync(`${DATA_DIR}.owner.json`, { force: true });
  });

  it('starts it, recovers the server orphaned by a SIGKILL, keeps the data, and stops it on SIGTERM', async () => {
    const env = { DATABASE_URL: '', EMBEDDED_PG_DIR: DATA_DIR };
    service = await startService(env);
    const created = await (await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"kept":true}}' })).json();

    service.child.kill('SIGKILL');
    expect(await service.exited).toBe('SIGKILL');
    const orphan = postmasterPid()!;
    expect(isAlive(orphan)).toBe(true); // PostgreSQL outlived its parent

    service = await startService(env); // must not fail on the orphan
    const again = await fetch(`${service.url}/v1/jobs/${created.id}`);
    expect(again.status).toBe(200);
    expect((await again.json()).metadata).toEqual({ kept: true });
    expect(isAlive(orphan)).toBe(false);
    const current = postmasterPid()!;

    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(isAlive(current)).toBe(false); // the service stopped the database it started
  }, 60_000);

  it('a SIGTERM during start-up, right after the database started, still stops it and exits 0', async () => {
    const child = spawn(process.execPath, [resolve('dist/main.js')], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: '', EMBEDDED_PG_DIR: DATA_DIR, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((done) =>
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('embedded PostgreSQL started')) done();
      }),
    );
    const started = postmasterPid()!;
    child.kill('SIGTERM'); // the app is still being built: migrations, modules
    expect(await exited).toBe(0);
    expect(output).not.toContain('listening on');
    expect(isAlive(started)).toBe(false);
  }, 60_000);
});
