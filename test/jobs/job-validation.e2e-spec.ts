import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('job input validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'false' });
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const jobCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM jobs'))[0].n);
  const eventCount = async () => Number((await t.db.query('SELECT count(*) AS n FROM events'))[0].n);

  // One row per rule family: the whole matrix is src/jobs/commands/create-job/create-job.request.dto.spec.ts (body
  // rules) and src/platform/destination/blocked-address.spec.ts (private and reserved destinations).
  it.each([
    [{ callback_url: 'https://user:secret@example.com/x' }, 'callback_url'],
    [{ callback_url: 'http://127.0.0.1:8080/hook' }, 'callback_url'],
    [{ callback_url: 'http://[2002:a9fe:a9fe::]/x' }, 'callback_url'],
    [{ metadata: { big: 'x'.repeat(64 * 1024) } }, 'metadata'],
    [{ owner: 'me' }, 'owner'],
  ])('POST /v1/jobs %j -> 400 naming %s, nothing written', async (body, field) => {
    const answer = await request(t.http).post('/v1/jobs').send(body).expect(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', field });
    expect(answer.body.message).toContain(field);
    expect(await jobCount()).toBe(0);
    expect(await eventCount()).toBe(0);
  });

  it('rejects an unknown status in PATCH with 400 and leaves the job untouched', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    const answer = await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'done', metadata: { a: 1 } }).expect(400);
    expect(answer.body.field).toBe('status');
    expect((await request(t.http).get(`/v1/jobs/${job.id}`)).body).toEqual(job);
    expect(await eventCount()).toBe(1);
  });

  it('answers 413 in JSON for a body over 256 KiB', async () => {
    const answer = await request(t.http)
      .post('/v1/jobs')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ metadata: { blob: 'x'.repeat(256 * 1024 + 10) } }))
      .expect(413);
    expect(answer.body).toMatchObject({ statusCode: 413, field: 'body' });
    expect(await jobCount()).toBe(0);
  });

  it('answers 400 in JSON for malformed JSON', async () => {
    const answer = await request(t.http).post('/v1/jobs').set('content-type', 'application/json').send('{"metadata":').expect(400);
    expect(answer.body).toMatchObject({ statusCode: 400, field: 'body' });
  });

  it('accepts a public callback URL and a hostname (checked again after DNS at delivery)', async () => {
    await request(t.http).post('/v1/jobs').send({ callback_url: 'https://hooks.example.com/x' }).expect(201);
    await request(t.http).post('/v1/jobs').send({ callback_url: 'http://localhost:9/x' }).expect(201);
  });
});
