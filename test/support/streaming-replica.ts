import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { eventually } from './poll';
import { isAlive } from './processes';
import { servicePort } from './service-process';

const run = promisify(execFile);

/** As root, the servers and their tools run as this user (PostgreSQL refuses root). */
const SERVER_USER = 'postgres';

/** Settings of the throwaway primary: fast (nothing here must survive a crash) and able to feed a standby. */
const PRIMARY_SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  "unix_socket_directories = ''", // TCP only: no socket path (length limit, permissions) to get wrong
  'fsync = off',
  'synchronous_commit = off',
  'wal_level = replica',
  'max_wal_senders = 4',
  'wal_keep_size = 128MB', // a standby stopped and started again by a test finds the WAL it missed
];

/**
 * A throwaway PostgreSQL primary (initdb) and a streaming standby made from it with `pg_basebackup -R`, each on a
 * free port of 127.0.0.1, from the server tools in PG_SERVER_TOOLS (test/support/postgres-server-tools.mjs). Its
 * folder is fixed per checkout, so a run that was killed leaves servers the next one stops and removes.
 */
export class StreamingReplica {
  private constructor(
    private readonly dir: string,
    private readonly tools: string,
    readonly primaryUrl: string,
    readonly standbyUrl: string,
  ) {}

  static async start(): Promise<StreamingReplica> {
    const tools = process.env.PG_SERVER_TOOLS;
    if (!tools) throw new Error('PG_SERVER_TOOLS names no folder with initdb, pg_ctl and pg_basebackup: run this file through scripts/run-test-tiers.mjs, or install PostgreSQL');
    const dir = join(tmpdir(), `callback-read-replica-${createHash('sha1').update(resolve('.')).digest('hex').slice(0, 10)}`);
    await stopLeftovers(dir);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { mode: 0o755 });
    const owner = serverUser();
    if (owner) chownSync(dir, owner.uid, owner.gid);

    const [primaryPort, standbyPort] = [await servicePort(), await servicePort()];
    const replica = new StreamingReplica(dir, tools, urlFor(primaryPort), urlFor(standbyPort));
    await replica.tool('initdb', ['-D', join(dir, 'primary'), '-U', SERVER_USER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    appendFileSync(join(dir, 'primary/postgresql.conf'), [...PRIMARY_SETTINGS, `port = ${primaryPort}`, ''].join('\n'));
    appendFileSync(join(dir, 'primary/pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await replica.pgCtl('primary', 'start');
    // -R: standby.signal and primary_conninfo; -X stream: the WAL written during the copy comes along.
    await replica.tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', SERVER_USER, '-D', join(dir, 'standby'), '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    appendFileSync(join(dir, 'standby/postgresql.conf'), `port = ${standbyPort}\n`);
    await replica.startStandby();
    return replica;
  }

  async startStandby(): Promise<void> {
    await this.pgCtl('standby', 'start');
    await eventually(async () => (await this.query(this.primaryUrl, `SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'`)).length > 0, {
      timeoutMs: 30_000,
      what: 'the standby to stream from the primary',
    });
  }

  async stopStandby(): Promise<void> {
    await this.pgCtl('standby', 'stop', ['-m', 'fast']);
  }

  /** Replay stops applying what arrives: the standby shows the primary as it was at this moment. */
  async pauseReplay(): Promise<void> {
    await this.query(this.standbyUrl, 'SELECT pg_wal_replay_pause()');
    await eventually(async () => (await this.query(this.standbyUrl, 'SELECT pg_get_wal_replay_pause_state() AS state'))[0].state === 'paused', {
      what: 'replay to pause',
    });
  }

  async resumeReplay(): Promise<void> {
    await this.query(this.standbyUrl, 'SELECT pg_wal_replay_resume()');
  }

  /**
   * Waits until the standby has replayed everything the primary had committed when this was called. The insert
   * position, not the write position: with synchronous_commit off a commit's record can sit in the WAL buffers, behind
   * pg_current_wal_lsn(), for up to wal_writer_delay — the standby would count as caught up without it.
   */
  async caughtUp(): Promise<void> {
    const [{ lsn }] = await this.query(this.primaryUrl, 'SELECT pg_current_wal_insert_lsn()::text AS lsn');
    await eventually(async () => (await this.query(this.standbyUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]))[0].done, {
      timeoutMs: 30_000,
      what: `the standby to replay up to ${lsn}`,
    });
  }

  async query(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** Stops both servers at once (nothing to keep) and removes their folder. */
  async destroy(): Promise<void> {
    await stopLeftovers(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(cluster: 'primary' | 'standby', action: 'start' | 'stop', options: string[] = []): Promise<void> {
    // Absolute paths: the postmaster's command line names its folder, which is how a leftover is recognised.
    return this.tool('pg_ctl', ['-D', join(this.dir, cluster), '-l', join(this.dir, `${cluster}.log`), '-w', '-t', '60', ...options, action]);
  }

  /** Runs a server tool in the folder, as the server user when we are root; its output joins a failure's message. */
  private async tool(name: string, args: string[]): Promise<void> {
    const owner = serverUser();
    try {
      await run(join(this.tools, name), args, { cwd: this.dir, timeout: 90_000, ...(owner ? { uid: owner.uid, gid: owner.gid } : {}) });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`${name} ${args.join(' ')} failed: ${String(error)}\n${stdout}${stderr}${this.logs()}`);
    }
  }

  private logs(): string {
    return ['primary', 'standby']
      .map((cluster) => join(this.dir, `${cluster}.log`))
      .filter((log) => existsSync(log))
      .map((log) => `\n--- ${log}\n${readFileSync(log, 'utf8').slice(-4000)}`)
      .join('');
  }
}

function urlFor(port: number): string {
  return `postgres://${SERVER_USER}@127.0.0.1:${port}/postgres`;
}

function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Stops the servers a folder's clusters still run (ours, or a killed run's): SIGQUIT, an immediate shutdown. Only a
 * process whose command line names the cluster's folder: a stale postmaster.pid may hold a pid reused since.
 */
async function stopLeftovers(dir: string): Promise<void> {
  for (const cluster of ['standby', 'primary']) {
    let pid: number;
    let commandLine: string;
    try {
      pid = Number(readFileSync(join(dir, cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!isAlive(pid) || !commandLine.split('\0').includes(join(dir, cluster))) continue;
    process.kill(pid, 'SIGQUIT');
    await eventually(() => !isAlive(pid), { timeoutMs: 15_000, what: `the ${cluster} server (pid ${pid}) to stop` });
  }
}
