import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('concurrent completion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  it('50 concurrent PATCHes completing one job: all 200/409, exactly one JobCompleted', async () => {
    const job = (await request(t.http).post('/v1/jobs').send({}).expect(201)).body;
    const statuses = ['completed', 'failed'];
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: statuses[i % 2] })),
    );
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    const completions = await t.db.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'JobCompleted'`, [job.id]);
    expect(completions).toHaveLength(1);
    const winner = completions[0].data.status;
    // everyone who asked for the winning status got the idempotent 200; the others a 409
    answers.forEach((answer, i) => expect(answer.status).toBe(statuses[i % 2] === winner ? 200 : 409));
  });

  it('50 concurrent completions of one step produce one StepCompleted', async () => {
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    const step = (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    const completions = await t.db.query(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'StepCompleted'`, [step.id]);
    expect(completions).toHaveLength(1);
  });
});

describe('two replicas changing one job', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });
  beforeEach(() => resetDatabase(a.db));

  it('a replica decides on the state another replica committed', async () => {
    const job = (await request(a.http).post('/v1/jobs').send({}).expect(201)).body;
    await request(a.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    await request(b.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);

    const stillRunning = await request(a.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(409);
    expect(stillRunning.body.message).toBe(`job ${job.id} is already completed; a terminal job cannot change`);
    await request(a.http).patch(`/v1/jobs/${job.id}`).send({ status: 'failed' }).expect(409);
    expect((await request(a.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200)).body.status).toBe('completed');
    const completions = await a.db.query(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'JobCompleted'`, [job.id]);
    expect(completions).toHaveLength(1);
  });

  it('a refusal is decided on the stored state, not on what the replica last wrote', async () => {
    const job = (await request(a.http).post('/v1/jobs').send({}).expect(201)).body;
    await request(a.http).patch(`/v1/jobs/${job.id}`).send({ status: 'running' }).expect(200);
    await request(b.http).patch(`/v1/jobs/${job.id}`).send({ status: 'cancelled' }).expect(200);

    // replica a last wrote 'running', from which 'created' is illegal; the stored job is cancelled
    const refused = await request(a.http).patch(`/v1/jobs/${job.id}`).send({ status: 'created' }).expect(409);
    expect(refused.body.message).toBe(`job ${job.id} is already cancelled; a terminal job cannot change`);
  });

  it('a step created on one replica and completed on the other is completed once', async () => {
    const run = (await request(a.http).post('/v1/runs').send({}).expect(201)).body;
    const step = (await request(a.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)).body;
    await request(b.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200);

    // replica a wrote the step as pending; the stored step has succeeded
    const refused = await request(a.http).patch(`/v1/steps/${step.id}`).send({ status: 'failed' }).expect(409);
    expect(refused.body.message).toBe(`step ${step.id} is already success; a terminal step cannot change`);
    expect((await request(a.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200)).body.status).toBe('success');
    const completions = await a.db.query(`SELECT 1 FROM events WHERE stream_id = $1 AND type = 'StepCompleted'`, [step.id]);
    expect(completions).toHaveLength(1);
  });

  it('metadata merged on one replica is not lost by the other', async () => {
    const job = (await request(a.http).post('/v1/jobs').send({ metadata: { a: 1 } }).expect(201)).body;
    await request(b.http).patch(`/v1/jobs/${job.id}`).send({ metadata: { b: 2 } }).expect(200);
    const merged = (await request(a.http).patch(`/v1/jobs/${job.id}`).send({ metadata: { c: 3 } }).expect(200)).body;
    expect(merged.metadata).toEqual({ a: 1, b: 2, c: 3 });
  });
});
