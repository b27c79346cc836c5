import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { eventually } from '../support/poll';
import { productionNodeFlags, startService, type ServiceProcess } from '../support/service-process';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

const KEY = 'body-admission-key';

/** A raw HTTP/1.1 client: sends the head and part of a body, keeps whatever comes back. */
class SlowClient {
  response = '';
  closed = false;
  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.response += chunk.toString('latin1')));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined); // a reset after the answer is fine
  }

  static async open(port: number, head: Record<string, string>, bodyBytes: number, requestLine = 'POST /v1/jobs'): Promise<SlowClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((done) => socket.once('connect', () => done()));
    const client = new SlowClient(socket);
    const lines = [`${requestLine} HTTP/1.1`, 'host: 127.0.0.1', 'content-type: application/json', ...Object.entries(head).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (bodyBytes > 0) socket.write(`{"metadata":{"pad":"${'x'.repeat(bodyBytes - 22)}`);
    return client;
  }

  get status(): number | undefined {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(this.response);
    return match ? Number(match[1]) : undefined;
  }

  get json(): unknown {
    return JSON.parse(this.response.slice(this.response.indexOf('\r\n\r\n') + 4));
  }

  header(name: string): string | undefined {
    return new RegExp(`\r\n${name}: ([^\r]*)`, 'i').exec(this.response)?.[1];
  }

  end(): void {
    this.socket.destroy();
  }
}

describe('request bodies: the key before the body, a deadline, a budget', () => {
  let t: TestApp;
  let port: number;
  const clients: SlowClient[] = [];
  const open = async (head: Record<string, string>, bodyBytes: number, requestLine?: string) => {
    const client = await SlowClient.open(port, head, bodyBytes, requestLine);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: KEY, REQUEST_BODY_TIMEOUT_MS: '200', MAX_BUFFERED_REQUEST_BYTES: String(256 * 1024) });
    await t.app.listen(0, '127.0.0.1');
    port = Number(new URL(await t.app.getUrl()).port);
    await resetDatabase(t.db);
  });
  afterEach(() => clients.splice(0).forEach((client) => client.end()));
  afterAll(() => t.close());

  const jobCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM jobs'))[0].n);

  it('no key: 401 before any of the body is read, and the connection is closed', async () => {
    const client = await open({ 'content-length': String(256 * 1024 - 1) }, 0);
    await eventually(() => client.status !== undefined && client.closed, { timeoutMs: 5_000, what: 'an answer and a closed connection' });
    expect(client.status).toBe(401);
    expect(client.json).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'a valid API key is required: Authorization: Bearer <key>', field: 'authorization' });
    const wrongKey = await open({ 'content-length': '100', authorization: 'Bearer nope' }, 0);
    await eventually(() => wrongKey.status, { timeoutMs: 5_000, what: 'an answer' });
    expect(wrongKey.status).toBe(401);
  });

  it('a body that stalls is answered 408 at its deadline and the connection closed; nothing written', async () => {
    const client = await open({ 'content-length': '4096', authorization: `Bearer ${KEY}` }, 1000);
    await eventually(() => client.status !== undefined && client.closed, { timeoutMs: 5_000, what: 'a 408 and a closed connection' });
    expect(client.status).toBe(408);
    expect(client.json).toEqual({ statusCode: 408, error: 'Request Timeout', message: 'the body was not received within 200 ms', field: 'body' });
    expect(await jobCount()).toBe(0);
  });


  it('a body nobody reads (a GET with one) stalls past the deadline under a long answer: the process lives', async () => {
    const key = { authorization: `Bearer ${KEY}` };
    // The live stream answers at once and stays open: the unread body outlives its 200 ms deadline.
    const stalled = await open({ ...key, 'content-length': '100000' }, 1000, 'GET /v1/deliveries/stream');
    const reset = await open({ ...key, 'content-length': '100000' }, 1000, 'GET /v1/deliveries/stream');
    await eventually(() => stalled.status && reset.status, { timeoutMs: 5_000, what: 'both streams to answer' });
    reset.end();
    // A short fixed wait to show that nothing happens: past the body deadline.
    await new Promise((done) => setTimeout(done, 400));
    await request(t.http).get('/health/live').expect(200); // before: an unheard stream error ended the process
    expect(stalled.closed).toBe(false);
  });
});

describe('request bodies held at once are capped', () => {
  let t: TestApp;
  let port: number;
  let holder: SlowClient | undefined;
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: KEY, MAX_BUFFERED_REQUEST_BYTES: String(256 * 1024) });
    await t.app.listen(0, '127.0.0.1');
    port = Number(new URL(await t.app.getUrl()).port);
    await resetDatabase(t.db);
  });
  afterAll(async () => {
    holder?.end();
    await t.close();
  });

  it('past the budget 503 + Retry-After, nothing written, and the budget comes back when the holder is gone', async () => {
    holder = await SlowClient.open(port, { 'content-length': String(250_000), authorization: `Bearer ${KEY}` }, 200_000);
    let created = 0;
    const body = JSON.stringify({ metadata: { pad: 'y'.repeat(63_000) } });
    // Once the holder's 200,000 bytes are in, 63 KB more do not fit in 256 KiB (262,144 bytes).
    const refused = await eventually(
      async () => {
        const answer = await request(t.http).post('/v1/jobs').set('authorization', `Bearer ${KEY}`).set('content-type', 'application/json').send(body);
        if (answer.status === 201) created++; // sent before the holder's bytes were in
        return answer.status === 503 && answer;
      },
      { timeoutMs: 5_000, what: 'a 503 while the holder holds the budget' },
    );
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'the service is receiving too many request bodies at once; retry shortly', field: 'body' });
    holder.end();
    await eventually(
      async () => (await request(t.http).post('/v1/jobs').set('authorization', `Bearer ${KEY}`).set('content-type', 'application/json').send(body)).status === 201,
      { timeoutMs: 5_000, what: 'the budget to come back once the holder is gone' },
    );
    expect(Number((await t.db.query('SELECT count(*) AS n FROM jobs'))[0].n)).toBe(created + 1);
  });
});

describe('request bodies without a key pin no memory (a real process, production flags)', () => {
  let service: ServiceProcess;
  beforeAll(async () => {
    service = await startService({ API_KEYS: KEY }, productionNodeFlags());
  });
  afterAll(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
  });
  const rssBytes = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${service.child.pid}/status`, 'utf8'))![1]) * 1024;

  it('1,600 connections each sending 256 KiB − 1 without a key: all refused and closed, RSS grows by less than 100 MB', async () => {
    const port = Number(new URL(service.url).port);
    const before = rssBytes();
    const clients: SlowClient[] = [];
    try {
      for (let i = 0; i < 1600; i += 100) {
        clients.push(...(await Promise.all(Array.from({ length: 100 }, () => SlowClient.open(port, { 'content-length': String(256 * 1024) }, 256 * 1024 - 1)))));
      }
      await eventually(() => clients.every((client) => client.status === 401 && client.closed), { timeoutMs: 20_000, what: '1,600 answers of 401, connections closed' });
      // Before: each body was read in full and held until the request timeout (300 s): +208 MB for these.
      expect(rssBytes() - before).toBeLessThan(100 * 1024 * 1024);
    } finally {
      clients.forEach((client) => client.end());
    }
  });
});
