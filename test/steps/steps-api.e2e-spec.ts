import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { CompleteStepCommand } from '../../src/steps/commands/complete-step/complete-step.command';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('steps API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const createRun = async () => (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
  const addStep = async (runId: string, body: object = {}) =>
    (await request(t.http).post(`/v1/runs/${runId}/steps`).send(body).expect(201)).body;

  it('adds a pending step and lists the run steps in creation order', async () => {
    const run = await createRun();
    const first = await addStep(run.id, { metadata: { tool: 'search' } });
    expect(first).toEqual({
      id: expect.stringMatching(/^step-[0-9a-f-]{36}$/),
      run_id: run.id,
      status: 'pending',
      created_at: expect.any(String),
      updated_at: first.created_at,
      completed_at: null,
      error: null,
      metadata: { tool: 'search' },
      metrics: {},
    });
    const second = await addStep(run.id);
    const listed = (await request(t.http).get(`/v1/runs/${run.id}/steps`).expect(200)).body;
    expect(listed).toEqual({ data: [first, second], has_more: false, next_cursor: null });
    expect((await request(t.http).get(`/v1/steps/${first.id}`).expect(200)).body).toEqual(first);
  });

  it.each(['success', 'failed', 'cancelled'])('pending -> %s records StepCompleted once; repeat is idempotent', async (status) => {
    const step = await addStep((await createRun()).id);
    const done = (await request(t.http).patch(`/v1/steps/${step.id}`).send({ status, error: status === 'failed' ? 'boom' : undefined }).expect(200)).body;
    expect(done).toMatchObject({ status, error: status === 'failed' ? 'boom' : null });
    expect(done.completed_at).toEqual(done.updated_at);
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status }).expect(200);
    const events = (await request(t.http).get(`/v1/steps/${step.id}/events`).expect(200)).body.data;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['StepCreated', 'StepCompleted']);
    expect(events[1].data).toEqual({ step_id: step.id, run_id: step.run_id, status, error: done.error, completed_at: done.completed_at });
  });

  const TERMINAL = ['success', 'failed', 'cancelled'];
  it.each(TERMINAL.flatMap((first) => TERMINAL.filter((next) => next !== first).map((next) => [first, next])))('rejects %s -> %s with 409', async (first, next) => {
    const step = await addStep((await createRun()).id);
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: first }).expect(200);
    const answer = await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: next }).expect(409);
    expect(answer.body.message).toBe(`step ${step.id} is already ${first}; a terminal step cannot change`);
  });

  it('rejects a PATCH to pending or without a status with 400', async () => {
    const step = await addStep((await createRun()).id);
    expect((await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'pending' }).expect(400)).body.field).toBe('status');
    expect((await request(t.http).patch(`/v1/steps/${step.id}`).send({}).expect(400)).body.field).toBe('status');
  });

  it('refuses a step on a finished run with 409 and on an unknown run with 404', async () => {
    const run = await createRun();
    await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'completed' }).expect(200);
    const answer = await request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(409);
    expect(answer.body.message).toBe(`run ${run.id} is already completed; steps cannot be added to it`);
    await request(t.http).post('/v1/runs/run-missing/steps').send({}).expect(404);
    await request(t.http).get('/v1/runs/run-missing/steps').expect(404);
    expect(Number((await t.db.query('SELECT count(*) AS n FROM steps'))[0].n)).toBe(0);
  });

  it('can be completed through the CommandBus without HTTP', async () => {
    const step = await addStep((await createRun()).id);
    await t.app.get(CommandBus).execute(new CompleteStepCommand(step.id));
    expect((await request(t.http).get(`/v1/steps/${step.id}`).expect(200)).body.status).toBe('success');
  });
});
