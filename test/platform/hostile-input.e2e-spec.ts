import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/** Inputs that once produced 500s, silent loss or stalls: each is a clear 4xx naming the field, nothing written. */
describe('hostile but well-formed input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const rowCount = async () =>
    Number((await t.db.query(`SELECT (SELECT count(*) FROM jobs) + (SELECT count(*) FROM runs) + (SELECT count(*) FROM steps) + (SELECT count(*) FROM events) AS n`))[0].n);
  const raw = (method: 'post' | 'patch', path: string, body: string, type = 'application/json') =>
    request(t.http)[method](path).set('content-type', type).send(body);

  it.each([
    ['a NUL in a metadata value', '/v1/jobs', '{"metadata":{"k":"a\\u0000b"}}', 'metadata.k'],
    ['a NUL in a metadata key', '/v1/jobs', '{"metadata":{"a\\u0000b":1}}', 'metadata'],
    ['a NUL in a nested metadata value', '/v1/jobs', '{"metadata":{"deep":{"list":["x","\\u0000"]}}}', 'metadata.deep.list.1'],
    ['a NUL in agent_id', '/v1/runs', '{"agent_id":"agent\\u0000"}', 'agent_id'],
    ['a lone high surrogate', '/v1/jobs', '{"metadata":{"k":"\\ud800"}}', 'metadata.k'],
    ['a lone low surrogate in a key', '/v1/runs', '{"metadata":{"\\udc00":1}}', 'metadata'],
  ])('%s -> 400 naming the field', async (_, path, body, field) => {
    const answer = await raw('post', path, body).expect(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `${field} contains a NUL character or an unpaired surrogate`,
      field,
    });
    expect(await rowCount()).toBe(0);
  });

  it('a NUL in a step error, a path id or a query parameter -> 400, nothing written', async () => {
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    const before = await rowCount();
    const stepAnswer = await raw('patch', `/v1/steps/${step.id}`, '{"status":"failed","error":"boom\\u0000"}').expect(400);
    expect(stepAnswer.body.field).toBe('error');
    expect((await request(t.http).get('/v1/jobs/job-%00').expect(400)).body.field).toBe('id');
    expect((await request(t.http).get('/v1/jobs?cursor=%00').expect(400)).body.field).toBe('cursor');
    expect((await request(t.http).get('/v1/runs?agent_id=a%00').expect(400)).body.field).toBe('agent_id');
    expect((await request(t.http).get('/v1/deliveries?subject_id=%00').expect(400)).body.field).toBe('subject_id');
    expect((await request(t.http).get(`/v1/steps/${step.id}`).expect(200)).body.status).toBe('pending');
    expect(await rowCount()).toBe(before);
  });

  it('JSON nested 10,000 deep -> 400 before it is parsed', async () => {
    const deep = `{"metadata":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const answer = await raw('post', '/v1/jobs', deep).expect(400);
    expect(answer.body).toMatchObject({ statusCode: 400, message: 'body is nested deeper than 32 levels', field: 'body' });
    const arrays = `{"metadata":{"a":${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    expect((await raw('post', '/v1/jobs', arrays).expect(400)).body.field).toBe('body');
    expect(await rowCount()).toBe(0);
  });

  it('metadata nested 30 deep is accepted and stored as sent', async () => {
    const metadata = JSON.parse(`${'{"a":'.repeat(30)}"leaf"${'}'.repeat(30)}`);
    const job = (await request(t.http).post('/v1/jobs').send({ metadata }).expect(201)).body;
    expect(job.metadata).toEqual(metadata);
  });

  it('60,000 unknown properties (650 KB) -> 413 at the body limit; 15,000 (under it) -> a short 400 before validation', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `"unknown_${i}":1`).join(',');
    expect((await raw('post', '/v1/jobs', `{${fields(60_000)}}`).expect(413)).body.field).toBe('body');
    const answers = await Promise.all([1, 2, 3].map(() => raw('post', '/v1/jobs', `{${fields(15_000)}}`)));
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body has more than 16 fields', field: 'body' });
    }
    await request(t.http).get('/health/live').expect(200);
    expect(await rowCount()).toBe(0);
  });

  it('a top-level array of 60,000 elements, 16 at once -> short 400s refused before parsing, for little CPU', async () => {
    const array = `[${Array.from({ length: 60_000 }, () => '1').join(',')}]`;
    // CPU time, not wall time: a busy machine delays the event loop without this request's doing.
    const before = process.cpuUsage();
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => raw(i % 2 ? 'post' : 'patch', i % 2 ? '/v1/jobs' : '/v1/jobs/job-1', array)));
    const cpu = process.cpuUsage(before);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'the body must be a JSON object', field: 'body' });
    }
    // Before: each took ~1 s of event loop (16 s for these) and answered 1.97 MB naming every element.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(1000);
    expect(await rowCount()).toBe(0);
  });

  it('more than 10,000 values anywhere in a body -> 400 before parsing; 9,000 in metadata are stored', async () => {
    const values = (n: number) => Array.from({ length: n }, () => '1').join(',');
    const answer = await raw('post', '/v1/jobs', `{"metadata":{"a":[${values(60_000)}]}}`).expect(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'body has more than 10000 values', field: 'body' });
    expect(await rowCount()).toBe(0);
    const job = (await raw('post', '/v1/jobs', `{"metadata":{"a":[${values(9_000)}]}}`).expect(201)).body;
    expect(job.metadata.a).toHaveLength(9_000);
  });

  it.each([
    ['a constructor key inside another field', '/v1/jobs', '{"callback_url":[{"constructor":1}]}', 'callback_url'],
    ['a constructor key under a field with an empty name', '/v1/runs', '{"":{"constructor":true}}', ''],
    ['a field with an empty name', '/v1/jobs', '{"":1}', ''],
  ])('%s -> 400 naming the field (was a 500 or a 400 without field)', async (_, path, body, field) => {
    const answer = await raw('post', path, body).expect(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', field });
    expect(await rowCount()).toBe(0);
  });

  it('a content type the service does not read, even with an empty body -> 415 naming content-type', async () => {
    const answer = await request(t.http).post('/v1/runs').set('content-type', 'application/x-www-form-urlencoded').expect(415);
    expect(answer.body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: 'content-type must be application/json', field: 'content-type' });
    expect((await request(t.http).get('/v1/deliveries/stats?minutes=0x10').expect(400)).body.field).toBe('minutes');
    expect(await rowCount()).toBe(0);
  });

  it('metadata keys named like Object.prototype members are stored like any other; __proto__ pollutes nothing', async () => {
    const metadata = JSON.parse(
      '{"constructor":1,"toString":"x","valueOf":[1],"hasOwnProperty":{"a":true},"isPrototypeOf":null,"__proto__":{"polluted":true},"plain":2}',
    );
    const job = (await raw('post', '/v1/jobs', JSON.stringify(metadata).replace(/^/, '{"metadata":').replace(/$/, '}')).expect(201)).body;
    const stored = JSON.parse((await request(t.http).get(`/v1/jobs/${job.id}`).expect(200)).text).metadata;
    // JSON.parse keeps "__proto__" as an own key, so the comparison sees every key as stored
    expect(Object.keys(stored).sort()).toEqual(Object.keys(metadata).sort());
    for (const key of Object.keys(metadata)) {
      expect([key, Object.getOwnPropertyDescriptor(stored, key)?.value]).toEqual([key, Object.getOwnPropertyDescriptor(metadata, key)?.value]);
    }
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    const merged = (await raw('patch', `/v1/jobs/${job.id}`, '{"metadata":{"toString":"y","propertyIsEnumerable":3}}').expect(200)).body;
    expect(merged.metadata.toString).toBe('y');
    expect(merged.metadata.propertyIsEnumerable).toBe(3);
    expect(merged.metadata.valueOf).toEqual([1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['text/plain', '{"metadata":{"a":1}}'],
    ['application/x-www-form-urlencoded', 'metadata=1'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('a body sent as %s -> 415, nothing written', async (type, body) => {
    const answer = await raw('post', '/v1/jobs', body, type).expect(415);
    expect(answer.body).toEqual({ statusCode: 415, error: 'Unsupported Media Type', message: 'content-type must be application/json', field: 'content-type' });
    expect(await rowCount()).toBe(0);
  });

  it('a bodiless POST needs no content-type; application/json with a charset is JSON', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    await request(t.http).post(`/v1/jobs/${job.id}/cancel`).expect(200);
    await raw('post', '/v1/jobs', '{"metadata":{"a":1}}', 'application/json; charset=utf-8').expect(201);
  });
});
