import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Which way bytes flow: from the service to the database, or the database's answers back. */
export type ProxyDirection = 'to-server' | 'to-client';

interface Link {
  client: Socket;
  upstream: Socket;
  /** Directions that never forward again: their peer is "gone" without a FIN or RST (a half-open connection). */
  silent: Set<ProxyDirection>;
  /** Bytes this connection may still forward before it is cut mid-message; undefined: no limit. */
  budget: number | undefined;
}

/**
 * A TCP relay on 127.0.0.1 in front of a real server, and a fault injector for it:
 * - `cut()` / `restore()`: the server becomes unreachable (every connection closed, the port closed) and back;
 * - `delay()`: each chunk is held a while before it is passed on, per direction, order kept;
 * - `stall()`: nothing is forwarded, sockets stay open (TCP still acknowledges, so the service sees a half-open
 *   connection); `restore()` lets the bytes flow again, unless the stall was `{ afterwards: 'silent' }`;
 * - `reset()`: every open connection is destroyed with an RST on both sides;
 * - `refuseNewConnections()`: connections are accepted and reset at once, open ones keep working;
 * - `dropAfterBytes(n)`: each connection forwards n more bytes, then is reset mid-message;
 * - `restore()` ends every fault: new connections and non-silent ones work normally.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<Link>();
  private server!: Server;
  private listening = false;
  private latencyMs: Record<ProxyDirection, number> = { 'to-server': 0, 'to-client': 0 };
  private stalled = new Set<ProxyDirection>();
  private stallAfterwards: 'resume' | 'silent' = 'resume';
  private refusing = false;
  private silenceTrigger: { text: string; seenIn: ProxyDirection; silence: ProxyDirection; fired: () => void } | undefined;
  private dropBudget: number | undefined;
  /** Connections accepted since start, and those reset by a fault: lets a test see that a fault really hit. */
  readonly stats = { accepted: 0, reset: 0 };

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A proxy in front of this worker's test database, and the DATABASE_URL that goes through it. */
  static async toTestDatabase(): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(process.env.DATABASE_URL!);
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(target);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    return { proxy, url: viaProxy.toString() };
  }

  static async start(targetHost: string, targetPort: number, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen(port);
    return proxy;
  }

  private async listen(port: number): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((done) => this.server.listen(port, '127.0.0.1', done));
    this.listening = true;
  }

  private accept(client: Socket): void {
    this.stats.accepted++;
    if (this.refusing) {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      this.stats.reset++;
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    const link: Link = { client, upstream, silent: new Set(), budget: this.dropBudget };
    this.links.add(link);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.once('close', () => this.links.delete(link));
    this.relay(link, client, upstream, 'to-server');
    this.relay(link, upstream, client, 'to-client');
  }

  /** Passes `from`'s bytes to `to` in order, each after the direction's latency, unless stalled or cut. */
  private relay(link: Link, from: Socket, to: Socket, direction: ProxyDirection): void {
    let lastDueAt = 0;
    // Latency is per chunk, so a later chunk is due no earlier than the one before it: order is kept.
    const inOrder = (action: () => void) => {
      const latency = this.latencyMs[direction];
      if (latency === 0 && lastDueAt <= Date.now()) return action();
      lastDueAt = Math.max(Date.now() + latency, lastDueAt);
      setTimeout(action, lastDueAt - Date.now());
    };
    from.on('data', (chunk: Buffer) =>
      inOrder(() => {
        if (to.destroyed || link.silent.has(direction)) return;
        if (link.budget !== undefined && chunk.length >= link.budget) {
          // The rest of this message never arrives: the connection dies in the middle of it.
          const part = chunk.subarray(0, link.budget);
          link.budget = 0;
          if (part.length === 0) return this.resetLink(link);
          to.write(part, () => this.resetLink(link));
          return;
        }
        if (link.budget !== undefined) link.budget -= chunk.length;
        this.silenceIfTriggered(link, direction, chunk);
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => this.flowIfAllowed(link, from, direction));
        }
      }),
    );
    from.on('end', () => inOrder(() => to.end()));
    // A close is news from the peer like its bytes: while this direction is held it does not get through either.
    from.on('close', () => this.isHeld(link, direction) || inOrder(() => to.destroy()));
    if (this.stalled.has(direction)) from.pause();
  }

  private isHeld(link: Link, direction: ProxyDirection): boolean {
    return this.stalled.has(direction) || link.silent.has(direction);
  }

  private flowIfAllowed(link: Link, from: Socket, direction: ProxyDirection): void {
    if (this.isHeld(link, direction)) return;
    const to = from === link.client ? link.upstream : link.client;
    if (from.destroyed) to.destroy();
    else from.resume();
  }

  /** The link's data handler calls this as it forwards a chunk: a matching connection goes silent from then on. */
  private silenceIfTriggered(link: Link, direction: ProxyDirection, chunk: Buffer): void {
    const trigger = this.silenceTrigger;
    if (!trigger || trigger.seenIn !== direction || !chunk.includes(trigger.text)) return;
    this.silenceTrigger = undefined;
    link.silent.add(trigger.silence);
    (trigger.silence === 'to-server' ? link.client : link.upstream).pause();
    trigger.fired();
  }

  private resetLink(link: Link): void {
    for (const socket of [link.client, link.upstream]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
    this.links.delete(link);
    this.stats.reset++;
  }

  /** Holds every chunk this long (per direction) before passing it on. */
  delay({ toServerMs = 0, toClientMs = 0 }: { toServerMs?: number; toClientMs?: number }): void {
    this.latencyMs = { 'to-server': toServerMs, 'to-client': toClientMs };
  }

  /**
   * Stops forwarding in `direction` on open and new connections, keeping every socket open. With
   * `afterwards: 'silent'` the connections open now never forward that way again, even after `restore()`:
   * the peer is gone without a FIN or RST, and only the service's own timeouts can find that out.
   */
  stall({ direction = 'both', afterwards = 'resume' }: { direction?: ProxyDirection | 'both'; afterwards?: 'resume' | 'silent' } = {}): void {
    const directions: ProxyDirection[] = direction === 'both' ? ['to-server', 'to-client'] : [direction];
    this.stallAfterwards = afterwards;
    for (const stalled of directions) this.stalled.add(stalled);
    for (const link of this.links) {
      if (directions.includes('to-server')) link.client.pause();
      if (directions.includes('to-client')) link.upstream.pause();
    }
  }

  /**
   * The next connection that sends `text` (in `seenIn`) forwards that chunk, then nothing more in `silence`,
   * ever (its close neither): a partition of one connection at a chosen moment, e.g. right after it took a
   * lock, or a commit whose answer is lost. Resolves when it happened.
   */
  silenceConnectionAfter(
    text: string,
    { seenIn = 'to-server', silence = seenIn }: { seenIn?: ProxyDirection; silence?: ProxyDirection } = {},
  ): Promise<void> {
    return new Promise((fired) => (this.silenceTrigger = { text, seenIn, silence, fired }));
  }

  /** Destroys every open connection with an RST to both the service and the server. */
  reset(): void {
    for (const link of [...this.links]) this.resetLink(link);
  }

  /** New connections are reset as soon as they are accepted; open ones keep working. */
  refuseNewConnections(): void {
    this.refusing = true;
  }

  /** Each open and new connection forwards `bytes` more bytes (both directions together), then is reset. */
  dropAfterBytes(bytes: number): void {
    this.dropBudget = bytes;
    for (const link of this.links) link.budget = bytes;
  }

  /**
   * Ends every fault: no latency, no limit, new connections accepted, stalled connections flowing again (those
   * stalled with `afterwards: 'silent'` stay silent). After `cut()`, listens again on the same port, as a
   * database coming back after a failover.
   */
  async restore(): Promise<void> {
    this.latencyMs = { 'to-server': 0, 'to-client': 0 };
    this.refusing = false;
    this.dropBudget = undefined;
    const wereStalled = [...this.stalled];
    this.stalled.clear();
    for (const link of this.links) {
      link.budget = undefined;
      for (const direction of wereStalled) {
        if (this.stallAfterwards === 'silent') link.silent.add(direction);
        else this.flowIfAllowed(link, direction === 'to-server' ? link.client : link.upstream, direction);
      }
    }
    this.stallAfterwards = 'resume';
    if (!this.listening) await this.listen(this.port);
  }

  private lastPort = 0;

  get port(): number {
    const address = this.server.address() as AddressInfo | null;
    if (address) this.lastPort = address.port;
    return this.lastPort;
  }

  /** Connections open through the proxy right now. */
  get openConnections(): number {
    return this.links.size;
  }

  async cut(): Promise<void> {
    void this.port; // remember it for restore()
    for (const socket of this.sockets) socket.destroy();
    this.listening = false;
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
