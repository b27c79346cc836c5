import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CallbackClient, CallbackHistoryPurgedError } from 'callback-integration-client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { startService, type ServiceProcess } from '../support/service-process';
import { TcpProxy } from '../support/tcp-proxy';
import { resetDatabase } from '../support/test-app';

const FEED_UNAVAILABLE = 'GET /v1/events: database unavailable';

describe('CallbackClient.followEvents while the service loses its database', () => {
  let db: DataSource;
  let proxy: TcpProxy;
  let service: ServiceProcess;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    const database = await TcpProxy.toTestDatabase();
    proxy = database.proxy;
    service = await startService({ DATABASE_URL: database.url, DATABASE_STATEMENT_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    service.child.kill('SIGKILL');
    await proxy.cut().catch(() => undefined);
    await db.destroy();
  });

  const createJobs = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const created = await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"metadata":{"i":${i}}}` });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const done = await fetch(`${service.url}/v1/jobs/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"completed"}' });
      expect(done.status).toBe(200);
    }
  };
  const feedFailures = () => service.output().split(FEED_UNAVAILABLE).length - 1;

  it('keeps following through the 503s of the service whose database is cut at a proxy, and sees every event exactly once, in order', async () => {
    // Few, quick retries per call: the outage below outlasts them many times over.
    const client = new CallbackClient({ baseUrl: service.url, retries: 1, retryDelayMs: 10, timeoutMs: 2000 });
    const stop = new AbortController();
    const followed: { sequence: number; type: string; stream_id: string }[] = [];
    const following = (async () => {
      for await (const { sequence, type, stream_id } of client.followEvents({ pollMs: 20, maxBackoffMs: 100, signal: stop.signal })) followed.push({ sequence, type, stream_id });
    })();
    let failure: unknown;
    following.catch((error: unknown) => (failure = error));
    const stillFollowing = () => {
      if (failure) throw failure;
    };
    try {
      await createJobs(5);
      await eventually(() => followed.length === 10, { what: 'the events before the outage' });

      await proxy.cut();
      // Every call of the follower gives up after 2 answers; 6 failed feed requests mean it went on past two calls
      // that gave up. (Each 503 says Retry-After: 1, which the client honours: a failure costs a second.)
      await eventually(() => (stillFollowing(), feedFailures() >= 6), { what: 'the follower to meet the outage', timeoutMs: 20_000 });
      await proxy.restore();
      await eventually(async () => (await fetch(`${service.url}/health/ready`)).status === 200, { what: 'the service to recover', timeoutMs: 20_000 });
      await createJobs(5);

      const stored: { sequence: string; type: string; stream_id: string }[] = await db.query(`SELECT sequence, type, stream_id FROM events ORDER BY sequence`);
      expect(stored.length).toBe(20);
      await eventually(() => (stillFollowing(), followed.length >= 20), { what: 'the events after the outage' });
      expect(followed).toEqual(stored.map((row) => ({ sequence: Number(row.sequence), type: row.type, stream_id: row.stream_id })));
    } finally {
      stop.abort();
      await following;
    }
  });
});

/** A feed server that follows a script, one step per request: a page, a 503 with a Retry-After, or a dropped connection. */
type Step = { page: number[] } | { unavailable: string } | { purgedThrough: string } | 'drop';
async function scriptedFeed(script: Step[]) {
  const requests: { after: string | null; at: number }[] = [];
  const server = createServer((req, res) => {
    requests.push({ after: new URL(req.url!, 'http://x').searchParams.get('after'), at: Date.now() });
    const step = script[requests.length - 1] ?? { page: [] };
    if (step === 'drop') return req.socket.destroy();
    if ('purgedThrough' in step) {
      const gone = { statusCode: 410, error: 'Gone', message: 'purged', field: 'after', code: 'history_purged', history_starts_after: step.purgedThrough };
      return res.writeHead(410, { 'content-type': 'application/json' }).end(JSON.stringify(gone));
    }
    if ('unavailable' in step) return res.writeHead(503, { 'retry-after': step.unavailable, 'content-type': 'application/json' }).end('{"statusCode":503,"message":"later"}');
    const page = step.page.map((sequence) => ({ sequence, version: 1, type: 'JobCreated', schema_version: 2, data: {}, occurred_at: '2026-01-01T00:00:00.000Z', stream_type: 'job', stream_id: `job-${sequence}` }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, requests, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('CallbackClient.followEvents against a scripted feed', () => {
  it('waits out 503s (honouring Retry-After) and dropped connections beyond its retries, asking again from where it was', async () => {
    const feed = await scriptedFeed([{ page: [1, 2] }, { unavailable: '0' }, { unavailable: '0' }, { unavailable: '1' }, 'drop', 'drop', 'drop', 'drop', { page: [3] }]);
    const client = new CallbackClient({ baseUrl: feed.url, retries: 1, retryDelayMs: 10 });
    const seen: number[] = [];
    try {
      for await (const event of client.followEvents({ pollMs: 10, maxBackoffMs: 50 })) {
        seen.push(event.sequence);
        if (event.sequence === 3) break;
      }
    } finally {
      feed.server.close();
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(feed.requests.map((r) => r.after)).toEqual(['0', '2', '2', '2', '2', '2', '2', '2', '2']);
    // The third 503 said "retry after 1 s": the client waited that long, though its own backoff is capped at 50 ms.
    expect(feed.requests[4].at - feed.requests[3].at).toBeGreaterThanOrEqual(990);
  });

  it('ends with CallbackHistoryPurgedError naming where the feed is whole when retention purged past its position', async () => {
    const feed = await scriptedFeed([{ page: [1, 2] }, { purgedThrough: '48' }]);
    const client = new CallbackClient({ baseUrl: feed.url, retries: 1, retryDelayMs: 10 });
    const seen: number[] = [];
    let ended: unknown;
    try {
      for await (const event of client.followEvents({ pollMs: 10 })) seen.push(event.sequence);
    } catch (error) {
      ended = error;
    } finally {
      feed.server.close();
    }
    expect(seen).toEqual([1, 2]);
    expect(ended).toBeInstanceOf(CallbackHistoryPurgedError);
    expect(ended).toMatchObject({ statusCode: 410, field: 'after', historyStartsAfter: '48' });
    expect(feed.requests.map((r) => r.after)).toEqual(['0', '2']);
  });
});
