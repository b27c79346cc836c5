import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { eventually } from '../support/poll';
import { servicePort } from '../support/service-process';
import { isAlive } from '../support/processes';

/** The pids of `pid`'s children. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/**
 * A process manager signals the process it started: here that is npm. The service must get the signal, shut down
 * cleanly and leave nothing behind — no orphaned node still serving after npm is gone.
 */
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

describe.each(['start:prod'])('SIGTERM to `npm run %s`', (script) => {
  it('reaches the service: npm exits 0, the port closes, no node process is left', async () => {
    const port = await servicePort();
    const npm = spawn('npm', ['run', script], {
      env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string>((done) => npm.once('exit', (code, signal) => done(code ?? signal ?? -1)));
    await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.ok, {
      timeoutMs: 40_000,
      what: `npm run ${script} to serve`,
    });
    // npm's child is the service itself (exec), not a shell standing between them
    const [service] = childrenOf(npm.pid!);
    expect(execFileSync('ps', ['-o', 'args=', '-p', String(service)], { encoding: 'utf8' })).toContain('dist/main.js');

    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received: shutting down');
    await eventually(() => !isAlive(service), { what: 'the service process to be gone' });
    expect(await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => 'refused')).toBe('refused');
  }, 90_000);
});
