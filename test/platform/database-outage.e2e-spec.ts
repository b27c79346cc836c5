import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { eventually } from '../support/poll';
import { startService, type ServiceProcess } from '../support/service-process';
import { TcpProxy } from '../support/tcp-proxy';
import { resetDatabase } from '../support/test-app';

// A short statement timeout, so a query on a connection that died silently is given up after 1 + 5 s.
const ENV = { CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', DISPATCHER_POLL_INTERVAL_MS: '100', DATABASE_STATEMENT_TIMEOUT_MS: '1000' };

/** Creates and completes jobs with `clients` concurrent clients until `stop()`; counts answers by status. */
function load(url: string, clients: number) {
  const statuses = new Map<number, number>();
  let running = true;
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const one = async () => {
    while (running) {
      const created = await fetch(`${url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
      count(created?.status ?? 0);
      if (created?.status !== 201) continue;
      const { id } = (await created.json()) as { id: string };
      const done = await fetch(`${url}/v1/jobs/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"completed"}' }).catch(() => undefined);
      count(done?.status ?? 0);
    }
  };
  const workers = Array.from({ length: clients }, one);
  return { statuses, stop: async () => ((running = false), await Promise.all(workers)) };
}

/** Reads the feed with `clients` concurrent readers until `stop()`, each resuming after its last sequence; counts answers by status. */
function feedReaders(url: string, clients: number) {
  const statuses = new Map<number, number>();
  let running = true;
  const one = async () => {
    for (let after = 0; running; ) {
      const answer = await fetch(`${url}/v1/events?after=${after}&limit=50`).catch(() => undefined);
      statuses.set(answer?.status ?? 0, (statuses.get(answer?.status ?? 0) ?? 0) + 1);
      if (answer?.status === 503 && answer.headers.get('retry-after') !== '1') statuses.set(-503, (statuses.get(-503) ?? 0) + 1);
      const page = answer?.status === 200 ? ((await answer.json()) as { sequence: number }[]) : [];
      if (answer && answer.status !== 200) await answer.body?.cancel();
      if (page.length > 0) after = page[page.length - 1].sequence;
    }
  };
  const workers = Array.from({ length: clients }, one);
  return { statuses, stop: async () => ((running = false), await Promise.all(workers)) };
}

/** Every connection of the service under test: those of this worker's database only, as other Jest runs' apps share the server. */
const TERMINATE_SERVICE_CONNECTIONS = `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
  WHERE application_name = 'callback-service' AND datname = current_database() AND pid <> pg_backend_pid()`;

describe('the database drops connections or goes away', () => {
  let db: DataSource;
  let proxy: TcpProxy;
  let service: ServiceProcess;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
    await resetDatabase(db);
    const database = await TcpProxy.toTestDatabase();
    proxy = database.proxy;
    service = await startService({ ...ENV, DATABASE_URL: database.url });
  });
  afterAll(async () => {
    service.child.kill('SIGKILL');
    await proxy.cut().catch(() => undefined);
    await db.destroy();
  });

  it('survives its connections being terminated 30 times under 32-way load: 503s, never a 500 or an exit', async () => {
    const traffic = load(service.url, 32);
    for (let i = 0; i < 30; i++) {
      await db.query(TERMINATE_SERVICE_CONNECTIONS);
      await new Promise((done) => setTimeout(done, 100)); // the attack's own pace, not a wait for a result
    }
    await traffic.stop();
    expect(service.child.exitCode).toBeNull();
    const seen = Object.fromEntries(traffic.statuses);
    expect(Object.keys(seen).filter((status) => !['200', '201', '503'].includes(status))).toEqual([]);
    expect(seen['201']).toBeGreaterThan(0);
    // and it serves normally again
    const answer = await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(201);
    expect(service.output()).not.toContain('Unhandled');
  });

  it('the feed and its horizon answer 200 or 503 with Retry-After, never a 500, while connections are terminated under polling and writes', async () => {
    const writers = load(service.url, 8);
    const readers = feedReaders(service.url, 16);
    for (let i = 0; i < 30; i++) {
      await db.query(TERMINATE_SERVICE_CONNECTIONS);
      await new Promise((done) => setTimeout(done, 100)); // the attack's own pace, not a wait for a result
    }
    await Promise.all([writers.stop(), readers.stop()]);
    expect(service.child.exitCode).toBeNull();
    const seen = Object.fromEntries(readers.statuses);
    expect(Object.keys(seen).filter((status) => !['200', '503'].includes(status))).toEqual([]);
    expect(seen['200']).toBeGreaterThan(0);
    expect(service.output()).not.toMatch(/GET \/v1\/events failed/);
    expect((await fetch(`${service.url}/v1/events?limit=1`)).status).toBe(200);
  });

  it('answers 503 while the database is unreachable, readiness says so, and it recovers when it is back', async () => {
    await eventually(async () => (await fetch(`${service.url}/health/ready`)).status === 200, { what: 'readiness' });
    await proxy.cut();
    const refused = await eventually(async () => {
      const answer = await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return answer.status === 503 && answer;
    }, { what: 'a 503 while the database is gone', timeoutMs: 20_000 });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable; retry shortly' });
    // The feed's horizon lives longer than one request; it too answers 503, not its last horizon's stale page or a 500.
    const feed = await fetch(`${service.url}/v1/events?after=0`);
    expect([feed.status, feed.headers.get('retry-after')]).toEqual([503, '1']);
    expect(await feed.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'the database is unavailable; retry shortly' });
    const ready = await eventually(async () => {
      const answer = await fetch(`${service.url}/health/ready`);
      return answer.status === 503 && answer;
    }, { what: 'readiness 503' });
    expect(((await ready.json()) as { error: { database: { status: string } } }).error.database.status).toBe('down');
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);

    await proxy.restore();
    await eventually(async () => (await fetch(`${service.url}/health/ready`)).status === 200, { what: 'readiness to recover', timeoutMs: 20_000 });
    const created = await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(201);
    expect(service.child.exitCode).toBeNull();
  });
});
