import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

const KEY = 'route-key-0123456789';
const METRICS_TOKEN = 'scrape-token-0123456789';

/** A raw request: supertest/URL parsing would normalise the odd path forms this test is about. */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Node frames no body on a DELETE (no chunked encoding by default): its bytes would read as a second request.
    const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers } },
      (res) => {
        // A live event stream never ends: its status is the answer.
        if (res.headers['content-type']?.startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, body: '' });
          req.destroy();
          return;
        }
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** `/v1/jobs/{id}` -> a concrete path with a plausible id. */
function concrete(template: string): string {
  return template.replace(/\{runId\}/g, 'run-00000000-0000-4000-8000-000000000000').replace(/\{id\}/g, 'job-00000000-0000-4000-8000-000000000000');
}

/** Spellings of one path that a prefix check on the raw path would let through. */
function oddForms(path: string): string[] {
  const rest = path.slice('/v1'.length);
  return [
    path,
    `/V1${rest}`,
    path.toUpperCase(),
    `${path}/`,
    `/v1/${rest}`, // doubled slash
    `//v1${rest}`,
    `/%76%31${rest}`, // percent-encoded "v1"
    `/v1%2F${rest.slice(1)}`, // encoded slash
    `/x/..${path}`, // dot segment
    `/v1/./${rest.slice(1)}`,
    `${path}?x=/health`,
    `${path};/health`,
  ];
}

describe('API keys guard every route, whatever its spelling', () => {
  let t: TestApp;
  let port: number;
  let operations: { method: string; path: string }[];
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: KEY, METRICS_TOKEN });
    await resetDatabase(t.db);
    await t.app.listen(0, '127.0.0.1');
    port = (t.http.address() as AddressInfo).port;
    const doc = JSON.parse((await rawRequest(port, 'GET', '/docs-json')).body);
    operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: concrete(path) })),
    );
  });
  afterAll(() => t.close());

  it('the OpenAPI document lists every /v1 operation this test walks', () => {
    const v1 = operations.filter((operation) => operation.path.startsWith('/v1'));
    expect(v1.length).toBe(40);
  });

  it('no /v1 operation answers anything but 401 or 404 without a key, in any path form', async () => {
    const leaks: string[] = [];
    for (const { method, path } of operations.filter((operation) => operation.path.startsWith('/v1'))) {
      for (const form of oddForms(path)) {
        const answer = await rawRequest(port, method, form);
        if (answer.status !== 401 && answer.status !== 404 && answer.status !== 400) leaks.push(`${method} ${form} -> ${answer.status}`);
        if (answer.status === 401) expect(JSON.parse(answer.body).message).toBe('a valid API key is required: Authorization: Bearer <key>');
      }
    }
    expect(leaks).toEqual([]);
    const [{ n }] = await t.db.query(`SELECT (SELECT count(*) FROM jobs) + (SELECT count(*) FROM runs) + (SELECT count(*) FROM events) AS n`);
    expect(Number(n)).toBe(0); // nothing was written by any refused request
  });

  it('the canonical form of every /v1 operation is 401 without a key and not 401 with one', async () => {
    for (const { method, path } of operations.filter((operation) => operation.path.startsWith('/v1'))) {
      expect(`${method} ${path} -> ${(await rawRequest(port, method, path)).status}`).toBe(`${method} ${path} -> 401`);
      const keyed = await rawRequest(port, method, path, { authorization: `Bearer ${KEY}` });
      expect([`${method} ${path}`, keyed.status === 401]).toEqual([`${method} ${path}`, false]);
    }
  });

  it('a key for the wrong scheme or with different case is refused', async () => {
    expect((await rawRequest(port, 'GET', '/v1/jobs', { authorization: `bearer ${KEY}` })).status).toBe(401);
    expect((await rawRequest(port, 'GET', '/v1/jobs', { authorization: `Bearer ${KEY.toUpperCase()}` })).status).toBe(401);
    expect((await rawRequest(port, 'GET', '/v1/jobs', { 'x-api-key': KEY })).status).toBe(401);
  });

  it('health stays open; /metrics needs METRICS_TOKEN (an API key is not enough)', async () => {
    expect((await rawRequest(port, 'GET', '/health/live')).status).toBe(200);
    expect((await rawRequest(port, 'GET', '/metrics')).status).toBe(401);
    expect((await rawRequest(port, 'GET', '/METRICS')).status).not.toBe(200);
    expect((await rawRequest(port, 'GET', '/metrics', { authorization: `Bearer ${KEY}` })).status).toBe(401);
    const scrape = await rawRequest(port, 'GET', '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(scrape.status).toBe(200);
    expect(scrape.body).toContain('http_request_duration_seconds');
  });

});
