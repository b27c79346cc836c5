import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP relay on 127.0.0.1 in front of a real server; `cut()` makes that server unreachable through it. */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server!: Server;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen(port);
    return proxy;
  }

  private async listen(port: number): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((done) => this.server.listen(port, '127.0.0.1', done));
  }

  /** Makes the server reachable again on the same port, as a database coming back after a failover. */
  async restore(): Promise<void> {
    await this.listen(this.port);
  }

  private lastPort = 0;

  get port(): number {
    const address = this.server.address() as AddressInfo | null;
    if (address) this.lastPort = address.port;
    return this.lastPort;
  }

  async cut(): Promise<void> {
    void this.port; // remember it for restore()
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
