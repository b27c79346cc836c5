import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the receiver does with one request, decided by the test before the request comes. */
export type ReceiverAct =
  | {
      kind: 'respond';
      status: number;
      headers: [string, string][];
      body: Buffer;
      /** Send the body in pieces with a pause between them instead of at once. */
      trickle?: { chunkBytes: number; pauseMs: number };
    }
  /** Never answer: the request runs into the sender's timeout. */
  | { kind: 'hang' }
  /** Send the status line and headers, then nothing more. */
  | { kind: 'hang-after-headers'; status: number }
  /** Tear the connection down with a TCP reset: before any answer, or after the headers (with `status`) and part of the body. */
  | { kind: 'reset'; after: 'request' | 'headers'; status: number };

export interface ScriptedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  act: ReceiverAct;
}

const DEFAULT_ACT: ReceiverAct = { kind: 'respond', status: 200, headers: [], body: Buffer.alloc(0) };

/**
 * A real HTTP receiver on 127.0.0.1 that plays a script: the n-th request to a path gets the n-th act listed
 * for that path (a 200 when the script has run out). It records every request with its exact body bytes.
 */
export class ScriptedReceiver {
  readonly requests: ScriptedRequest[] = [];
  private readonly scripts = new Map<string, ReceiverAct[]>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;

  static async start(): Promise<ScriptedReceiver> {
    const receiver = new ScriptedReceiver();
    receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '';
        const act = receiver.nextAct(path);
        receiver.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks), act });
        play(act, res);
      });
    });
    // Longer than any test: the sender must never reuse a connection the receiver is just closing (that
    // would fail a request the receiver never saw).
    receiver.server.keepAliveTimeout = 120_000;
    receiver.server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    await new Promise<void>((done) => receiver.server.listen(0, '127.0.0.1', done));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  script(path: string, acts: ReceiverAct[]): void {
    this.scripts.set(path, [...acts]);
  }

  requestsTo(path: string): ScriptedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private nextAct(path: string): ReceiverAct {
    return this.scripts.get(path)?.shift() ?? DEFAULT_ACT;
  }
}

function play(act: ReceiverAct, res: ServerResponse): void {
  switch (act.kind) {
    case 'hang':
      return;
    case 'hang-after-headers':
      res.writeHead(act.status, { 'content-length': '100' });
      res.flushHeaders();
      return;
    case 'reset':
      if (act.after === 'request') {
        res.socket?.resetAndDestroy();
        return;
      }
      res.writeHead(act.status, { 'content-length': '100' });
      res.write('partial', () => res.socket?.resetAndDestroy());
      return;
    case 'respond': {
      res.writeHead(act.status, act.headers.flat());
      if (!act.trickle || act.body.length === 0) {
        res.end(act.body);
        return;
      }
      const { chunkBytes, pauseMs } = act.trickle;
      let offset = 0;
      const next = () => {
        if (res.destroyed) return;
        const chunk = act.body.subarray(offset, offset + chunkBytes);
        offset += chunk.length;
        if (offset >= act.body.length) res.end(chunk);
        else res.write(chunk, () => setTimeout(next, pauseMs));
      };
      next();
    }
  }
}
