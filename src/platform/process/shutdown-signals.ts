/** What main.ts does with a SIGINT or SIGTERM. */
export type SignalVerdict =
  /** The first: start the graceful shutdown. */
  | 'shut-down'
  /** The first repeat while stopping: say once that the shutdown is under way, then carry on. */
  | 'report-repeat'
  /** Any later repeat while stopping. */
  | 'ignore'
  /** A repeat after the graceful path had all its time: exit now, leaving what is unfinished to the leases. */
  | 'force-exit';

/** After SHUTDOWN_TIMEOUT_MS, what the graceful path may still need: give back or record the attempts, close the pool, stop the embedded PostgreSQL. */
export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Ctrl-C on `npm start` reaches node twice: the terminal signals the whole foreground process group, and npm
 * forwards its own copy. So a repeat is not a request to hurry, and it must not end the process (the default
 * action once no handler is left) while attempts in flight are being finished. Only a signal that arrives after
 * the graceful shutdown has had SHUTDOWN_TIMEOUT_MS and the grace after it — a shutdown that is stuck — forces
 * the exit.
 */
export class ShutdownSignals {
  private firstAt: number | undefined;
  private repeatReported = false;

  constructor(private readonly shutdownTimeoutMs: number) {}

  /** The moment after which a repeated signal forces the exit (ms since the epoch), once the shutdown started. */
  get forceableAt(): number | undefined {
    return this.firstAt === undefined ? undefined : this.firstAt + this.shutdownTimeoutMs + SHUTDOWN_GRACE_MS;
  }

  receive(now: number): SignalVerdict {
    if (this.firstAt === undefined) {
      this.firstAt = now;
      return 'shut-down';
    }
    if (now >= this.forceableAt!) return 'force-exit';
    if (this.repeatReported) return 'ignore';
    this.repeatReported = true;
    return 'report-repeat';
  }
}
