import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('jobs API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const createJob = async (body: object = {}) => (await request(t.http).post('/v1/jobs').send(body).expect(201)).body;

  it('creates a job with every field and stores JobCreated', async () => {
    const job = await createJob({ callback_url: 'https://ci.example.com/hook', metadata: { pipeline: 7 } });
    expect(job).toEqual({
      id: expect.stringMatching(/^job-[0-9a-f-]{36}$/),
      status: 'created',
      created_at: expect.any(String),
      updated_at: job.created_at,
      completed_at: null,
      metadata: { pipeline: 7 },
      callback_url: 'https://ci.example.com/hook',
      callback_sent_at: null,
      callback_status_code: null,
      callback_error: null,
    });
    expect((await request(t.http).get(`/v1/jobs/${job.id}`).expect(200)).body).toEqual(job);
    const events = (await request(t.http).get(`/v1/jobs/${job.id}/events`).expect(200)).body;
    expect(events).toEqual({
      data: [
        {
          sequence: expect.any(Number),
          version: 1,
          type: 'JobCreated',
          schema_version: 2,
          data: { job_id: job.id, callback_url: 'https://ci.example.com/hook', metadata: { pipeline: 7 }, created_at: job.created_at },
          occurred_at: job.created_at,
        },
      ],
      has_more: false,
      next_cursor: null,
    });
  });

  it('moves created -> running -> completed, sets completed_at once and records events in order', async () => {
    const job = await createJob();
    const running = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200)).body;
    expect(running.status).toBe('running');
    expect(running.completed_at).toBeNull();
    const done = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed', metadata: { result: 'ok' } }).expect(200)).body;
    expect(done).toMatchObject({ status: 'completed', metadata: { result: 'ok' } });
    expect(done.completed_at).toEqual(done.updated_at);

    const again = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body;
    expect(again).toEqual(done);

    const events = (await request(t.http).get(`/v1/jobs/${job.id}/events`).expect(200)).body.data;
    expect(events.map((e: { version: number; type: string }) => [e.version, e.type])).toEqual([
      [1, 'JobCreated'],
      [2, 'JobStarted'],
      [3, 'JobMetadataChanged'],
      [4, 'JobCompleted'],
    ]);
    expect(events[3].data).toEqual({ job_id: job.id, status: 'completed', completed_at: done.completed_at });
  });

  it.each(['completed', 'failed', 'cancelled', 'expired'])('allows created -> %s directly and running -> %s', async (status) => {
    const fromCreated = await createJob();
    expect((await request(t.http).patch(`/v1/jobs/${fromCreated.id}`).send({ status }).expect(200)).body.status).toBe(status);
    const fromRunning = await createJob();
    await request(t.http).patch(`/v1/jobs/${fromRunning.id}`).send({ status: 'running' }).expect(200);
    expect((await request(t.http).patch(`/v1/jobs/${fromRunning.id}`).send({ status }).expect(200)).body.status).toBe(status);
  });

  // One row per family over HTTP (the whole terminal matrix is src/jobs/domain/job.spec.ts): a terminal status
  // against another terminal one, and against a non-terminal one.
  it.each([
    ['completed', 'failed'],
    ['expired', 'running'],
  ])('rejects %s -> %s with 409 naming the current status and writes nothing', async (terminal, next) => {
    const job = await createJob();
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: terminal }).expect(200);
    const answer = await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: next }).expect(409);
    expect(answer.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `job ${job.id} is already ${terminal}; a terminal job cannot change`,
      field: 'status',
    });
    expect((await request(t.http).get(`/v1/jobs/${job.id}/events`)).body.data).toHaveLength(2);
  });

  it('rejects running -> created with 409', async () => {
    const job = await createJob();
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    const answer = await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'created' }).expect(409);
    expect(answer.body.message).toBe('job cannot move from running to created');
  });

  it('treats running -> running as an idempotent no-op', async () => {
    const job = await createJob();
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    expect((await request(t.http).get(`/v1/jobs/${job.id}/events`)).body.data).toHaveLength(2);
  });

  it('merges metadata with the update winning, and refuses a metadata change on a terminal job', async () => {
    const job = await createJob({ metadata: { a: 1, b: { deep: true } } });
    const merged = (await request(t.http).patch(`/v1/jobs/${job.id}`).send({ metadata: { b: 2, c: 3 } }).expect(200)).body;
    expect(merged.metadata).toEqual({ a: 1, b: 2, c: 3 });
    await request(t.http).post(`/v1/jobs/${job.id}/cancel`).expect(200);
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ metadata: { c: 4 } }).expect(409);
    // the same values again change nothing, so they are accepted
    await request(t.http).patch(`/v1/jobs/${job.id}`).send({ metadata: { c: 3 } }).expect(200);
    expect((await request(t.http).get(`/v1/jobs/${job.id}`)).body.metadata).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('cancels idempotently and refuses to cancel a completed job', async () => {
    const job = await createJob();
    expect((await request(t.http).post(`/v1/jobs/${job.id}/cancel`).expect(200)).body.status).toBe('cancelled');
    await request(t.http).post(`/v1/jobs/${job.id}/cancel`).expect(200);
    const other = await createJob();
    await request(t.http).patch(`/v1/jobs/${other.id}`).send({ status: 'completed' }).expect(200);
    expect((await request(t.http).post(`/v1/jobs/${other.id}/cancel`).expect(409)).body.message).toContain('already completed');
  });

  it('answers 404 for unknown ids on every route', async () => {
    const id = 'job-00000000-0000-0000-0000-000000000000';
    for (const call of [
      request(t.http).get(`/v1/jobs/${id}`),
      request(t.http).patch(`/v1/jobs/${id}`).send({ status: 'running' }),
      request(t.http).post(`/v1/jobs/${id}/cancel`),
      request(t.http).get(`/v1/jobs/${id}/events`),
    ]) {
      const answer = await call.expect(404);
      expect(answer.body).toEqual({ statusCode: 404, error: 'Not Found', message: `job ${id} not found` });
    }
  });

  it('lists newest first with a status filter, a page at a time (cursor paging: test/platform/list-pages)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createJob({ metadata: { i } })).id);
    await request(t.http).patch(`/v1/jobs/${ids[1]}`).send({ status: 'running' }).expect(200);
    const newestFirst = [...ids].reverse();

    const page1 = (await request(t.http).get('/v1/jobs?limit=2').expect(200)).body;
    expect([page1.data.map((j: { id: string }) => j.id), page1.has_more]).toEqual([newestFirst.slice(0, 2), true]);
    const page2 = (await request(t.http).get(`/v1/jobs?limit=2&cursor=${page1.next_cursor}`).expect(200)).body;
    expect([page2.data.map((j: { id: string }) => j.id), page2.has_more]).toEqual([newestFirst.slice(2, 4), true]);
    const page3 = (await request(t.http).get(`/v1/jobs?limit=2&cursor=${page2.next_cursor}`).expect(200)).body;
    expect(page3).toEqual({ data: [expect.objectContaining({ id: newestFirst[4] })], has_more: false, next_cursor: null });

    const running = (await request(t.http).get('/v1/jobs?status=running').expect(200)).body;
    expect(running).toEqual({ data: [expect.objectContaining({ id: ids[1], status: 'running' })], has_more: false, next_cursor: null });
    expect((await request(t.http).get('/v1/jobs').expect(200)).body.data).toHaveLength(5);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=abc', 'limit'],
    ['status=done', 'status'],
    ['cursor=job-unknown', 'cursor'],
    ['after=job-unknown', 'after'], // the paging parameter before cursors: gone
    ['colour=red', 'colour'],
  ])('rejects the list query %s with 400 naming %s', async (query, field) => {
    const answer = await request(t.http).get(`/v1/jobs?${query}`).expect(400);
    expect(answer.body.field).toBe(field);
    expect(answer.body.message).toContain(field);
  });
});
