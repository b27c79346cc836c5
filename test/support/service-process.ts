import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { eventually } from './poll';

export interface ServiceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** The node flags `npm run start:prod` runs the service with (heap cap, GC settings), read from package.json. */
export function productionNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['start:prod'].split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * A free port below Linux's ephemeral range (32768–60999). A port that was free a moment ago in that range can be
 * handed to any `listen(0)` meanwhile — a receiver of a test running beside this one, which answers the
 * readiness probe as if it were the service that then failed to bind.
 */
export async function servicePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const free = await new Promise<boolean>((done) => server.once('error', () => done(false)).listen(port, '127.0.0.1', () => done(true)));
    if (free) {
      await new Promise<void>((done) => server.close(() => done()));
      return port;
    }
  }
}

/** Runs the built service (`node dist/main.js`) as a real child process and waits until it answers. */
export async function startService(env: Record<string, string>, nodeFlags: string[] = []): Promise<ServiceProcess> {
  const port = await servicePort();
  const child = spawn(process.execPath, [...nodeFlags, resolve('dist/main.js')], {
    // SHUTDOWN_TIMEOUT_MS: see test-app.ts (a SIGTERM during a poll pass waits all of it out); tests of graceful
    // shutdown set their own.
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), SHUTDOWN_TIMEOUT_MS: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`service exited early:\n${output}`);
      return (await fetch(`${url}/health/live`).catch(() => undefined))?.ok;
    },
    // A deadline, not a wait: on a box loaded by neighbouring lanes, three processes starting at once took over 20 s.
    { timeoutMs: 45_000, intervalMs: 50, what: 'the service to answer' },
  ).catch((error: unknown) => {
    child.kill('SIGKILL'); // the caller never gets a handle to stop it: it would outlive the run
    throw error;
  });
  return { url, child, output: () => output, exited };
}

export interface NpmScriptProcess {
  readonly url: string;
  readonly npm: ChildProcess;
  /** npm's child: the service itself (the scripts `exec` node). */
  readonly servicePid: number;
  readonly output: () => string;
  /** npm's exit code (or the signal name) once it has ended. */
  readonly exited: Promise<number | string>;
}

/**
 * `npm run <script>` of the built service, waited for until it answers. With `asTerminal`, npm leads a process
 * group of its own, as a shell's foreground job does: Ctrl-C there is `process.kill(-npm.pid, 'SIGINT')`, which
 * reaches npm, node and whatever else is in the group.
 */
export async function startNpmScript(script: string, env: Record<string, string>, { asTerminal = false } = {}): Promise<NpmScriptProcess> {
  const port = await servicePort();
  const npm = spawn('npm', ['run', script], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: asTerminal,
  });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((done) => npm.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (npm.exitCode !== null) throw new Error(`npm run ${script} exited early:\n${output}`);
      return (await fetch(`${url}/health/live`).catch(() => undefined))?.ok;
    },
    { timeoutMs: 45_000, intervalMs: 50, what: `npm run ${script} to serve` },
  ).catch((error: unknown) => {
    for (const pid of childrenOf(npm.pid!)) process.kill(pid, 'SIGKILL');
    npm.kill('SIGKILL');
    throw error;
  });
  const [servicePid] = childrenOf(npm.pid!);
  return { url, npm, servicePid, output: () => output, exited };
}

/** The pids of `pid`'s children. */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // ps exits 1 when there are none
  }
}
