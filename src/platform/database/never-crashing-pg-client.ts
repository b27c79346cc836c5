import pg from 'pg';

/** How much longer than the server's statement_timeout a query may go unanswered before its connection is presumed dead. */
const DEAD_CONNECTION_GRACE_MS = 5000;

/**
 * A pg client that cannot take the process down or hang it when its connection dies:
 * - it always has an `error` listener. A connection the server terminates (failover, pg_terminate_backend, a proxy
 *   closing it) can emit `error` while the client is checked out and TypeORM's one-shot listener is already gone;
 *   with no listener Node turns that event into a process crash. The failure still reaches whoever uses the
 *   client: the running query fails and the pool discards the client.
 * - a query that gets no answer within statement_timeout + a grace period destroys its socket. The server
 *   cancels a slow statement itself at statement_timeout; silence beyond that means the peer is gone without a
 *   FIN or RST reaching us (a partition, a proxy that dropped one side), and the query would otherwise wait forever.
 */
export class NeverCrashingPgClient extends pg.Client {
  private readonly deadAfterMs: number | undefined;

  constructor(config?: pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
    const statementTimeout = config?.statement_timeout;
    this.deadAfterMs = typeof statementTimeout === 'number' && statementTimeout > 0 ? statementTimeout + DEAD_CONNECTION_GRACE_MS : undefined;
  }

  // TypeORM calls query(text, values) and uses the returned promise.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const pending = (super.query as (...a: any[]) => any).apply(this, args);
    if (this.deadAfterMs === undefined || !(pending instanceof Promise)) return pending;
    const watchdog = setTimeout(() => {
      const socket = (this as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
      socket?.destroy(new Error(`Connection terminated: no answer from the database within ${this.deadAfterMs} ms`));
    }, this.deadAfterMs);
    watchdog.unref();
    return pending.finally(() => clearTimeout(watchdog));
  }
}
