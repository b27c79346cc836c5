import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { CompleteStepCommand } from '../../src/steps/commands/complete-step/complete-step.command';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

// What the steps table holds for a step, every column, as PostgreSQL gives it back.
const STEP_ROW = `SELECT id, run_id, status, error, metadata, metrics, version, created_at, updated_at, completed_at FROM steps WHERE id = $1`;

describe('step metrics', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ STEP_COMPLETE_WEBHOOK: receiver.url('/steps') });
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.db);
    receiver.requests.length = 0;
    receiver.answer(() => ({ status: 200, body: 'ok' }));
  });

  const addStep = async () => {
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    return (await request(t.http).post(`/v1/runs/${run.id}/steps`).send({ metadata: { tool: 'search' } }).expect(201)).body;
  };
  const eventsOf = async (id: string) => (await request(t.http).get(`/v1/steps/${id}/events`).expect(200)).body.data as { type: string; data: object }[];
  const rowOf = async (id: string) => (await t.db.query(STEP_ROW, [id]))[0];

  it('records metrics with the completion: the answer, GET, the run list, the StepCompleted event and the row agree', async () => {
    const step = await addStep();
    expect(step.metrics).toEqual({});
    const answer = await request(t.http)
      .patch(`/v1/steps/${step.id}`)
      .send({ status: 'success', metrics: { tokens_out: 80, duration_ms: 1840.5, tokens_in: 512 } })
      .expect(200);
    const completedAt = answer.body.completed_at;
    expect(answer.text).toBe(
      JSON.stringify({
        id: step.id, run_id: step.run_id, status: 'success', created_at: step.created_at, updated_at: completedAt, completed_at: completedAt,
        error: null, metadata: { tool: 'search' }, metrics: { tokens_in: 512, tokens_out: 80, duration_ms: 1840.5 },
      }),
    );
    expect((await request(t.http).get(`/v1/steps/${step.id}`).expect(200)).text).toBe(answer.text);
    expect((await request(t.http).get(`/v1/runs/${step.run_id}/steps`).expect(200)).text).toBe(`{"data":[${answer.text}],"has_more":false,"next_cursor":null}`);
    expect((await eventsOf(step.id)).map((event) => [event.type, event.data])).toEqual([
      ['StepCreated', { step_id: step.id, run_id: step.run_id, metadata: { tool: 'search' }, created_at: step.created_at }],
      ['StepCompleted', { step_id: step.id, run_id: step.run_id, status: 'success', error: null, completed_at: completedAt, metrics: { tokens_in: 512, tokens_out: 80, duration_ms: 1840.5 } }],
    ]);
    expect(await rowOf(step.id)).toEqual({
      id: step.id, run_id: step.run_id, status: 'success', error: null, metadata: { tool: 'search' },
      metrics: { tokens_in: 512, tokens_out: 80, duration_ms: 1840.5 }, version: 2,
      created_at: new Date(step.created_at), updated_at: new Date(completedAt), completed_at: new Date(completedAt),
    });
  });

  it('a completion without metrics, and a step cancelled with its run, have none: {} in the answer and the row, no field in the event', async () => {
    const plain = await addStep();
    const done = (await request(t.http).patch(`/v1/steps/${plain.id}`).send({ status: 'failed', error: 'boom' }).expect(200)).body;
    expect(done).toEqual({ ...plain, status: 'failed', error: 'boom', updated_at: done.completed_at, completed_at: done.completed_at, metrics: {} });
    expect((await eventsOf(plain.id))[1].data).toEqual({ step_id: plain.id, run_id: plain.run_id, status: 'failed', error: 'boom', completed_at: done.completed_at });
    expect((await rowOf(plain.id)).metrics).toEqual({});

    const pending = await addStep();
    await request(t.http).post(`/v1/runs/${pending.run_id}/cancel`).expect(200);
    expect((await request(t.http).get(`/v1/steps/${pending.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', metrics: {} });
  });

  it('a repeat with the same metrics (in any key order) or none answers the step; other metrics are a 409; one event in all', async () => {
    const step = await addStep();
    const first = await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success', metrics: { b: 2, a: 1 } }).expect(200);
    expect((await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success', metrics: { a: 1, b: 2 } }).expect(200)).text).toBe(first.text);
    expect((await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success' }).expect(200)).text).toBe(first.text);
    expect((await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success', metrics: { a: 1, b: 3 } }).expect(409)).body).toEqual({
      statusCode: 409, error: 'Conflict', message: `step ${step.id} is already success; a terminal step cannot change`, field: 'status',
    });
    expect((await eventsOf(step.id)).map((event) => event.type)).toEqual(['StepCreated', 'StepCompleted']);
  });

  it.each([
    ['an array', [1, 2], 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['null', null, 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['a text', 'fast', 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['over 64 KiB', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`metric_${i}`, i])), 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['holding a text value', { duration_ms: 5, tokens_in: '512' }, 'metrics.tokens_in', 'metrics.tokens_in must be a finite number'],
    ['holding an object', { usage: { tokens_in: 1 } }, 'metrics.usage', 'metrics.usage must be a finite number'],
    ['holding null', { cost_usd: null }, 'metrics.cost_usd', 'metrics.cost_usd must be a finite number'],
    ['holding a boolean', { cached: true }, 'metrics.cached', 'metrics.cached must be a finite number'],
  ])('refuses metrics %s with a 400 naming the field, and writes nothing', async (_, metrics, field, message) => {
    const step = await addStep();
    const before = { row: await rowOf(step.id), events: await t.db.query(`SELECT count(*)::int AS n FROM events`) };
    const answer = await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success', metrics }).expect(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message, field });
    expect({ row: await rowOf(step.id), events: await t.db.query(`SELECT count(*)::int AS n FROM events`) }).toEqual(before);
    expect(before.row.status).toBe('pending');
  });

  it('refuses a metric name with a NUL character, naming the field', async () => {
    const step = await addStep();
    const answer = await request(t.http).patch(`/v1/steps/${step.id}`).set('content-type', 'application/json').send('{"status":"success","metrics":{"a\\u0000b":1}}').expect(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'metrics contains a NUL character or an unpaired surrogate', field: 'metrics' });
    expect((await rowOf(step.id)).status).toBe('pending');
  });

  it('the metrics are recorded before the step webhook goes out: while the receiver holds it, the step shows them', async () => {
    receiver.answer(() => 'hang');
    const step = await addStep();
    await request(t.http).patch(`/v1/steps/${step.id}`).send({ status: 'success', metrics: { duration_ms: 12 } }).expect(200);
    await eventually(() => receiver.hangingCount === 1, { what: 'the step webhook in flight' });
    expect(receiver.requests.map((received) => received.body)).toEqual([JSON.stringify({ step_id: step.id })]);
    expect((await request(t.http).get(`/v1/steps/${step.id}`).expect(200)).body.metrics).toEqual({ duration_ms: 12 });
    receiver.releaseHanging();
    await eventually(async () => (await request(t.http).get(`/v1/steps/${step.id}/deliveries`).expect(200)).body.data[0]?.status === 'succeeded', { what: 'the delivery' });
  });

  it('a StepCompleted stored before metrics existed still replays: the step answers with none', async () => {
    const at = '2026-11-20T12:00:00.000Z';
    const done = '2026-11-20T12:00:05.000Z';
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    await t.db.query(
      `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at) VALUES
         ('step-old', 'step', 1, 'StepCreated', 2, $1, $2), ('step-old', 'step', 2, 'StepCompleted', 1, $3, $4)`,
      [
        JSON.stringify({ step_id: 'step-old', run_id: run.id, metadata: {}, created_at: at }), at,
        JSON.stringify({ step_id: 'step-old', run_id: run.id, status: 'success', error: null, completed_at: done }), done,
      ],
    );
    // No row: the repeat is decided on the replayed stream, and answers it.
    const answer = (await request(t.http).patch('/v1/steps/step-old').send({ status: 'success' }).expect(200)).body;
    expect(answer).toEqual({ id: 'step-old', run_id: run.id, status: 'success', created_at: at, updated_at: done, completed_at: done, error: null, metadata: {}, metrics: {} });
    await request(t.http).patch('/v1/steps/step-old').send({ status: 'success', metrics: { n: 1 } }).expect(409);
  });

  it('can be recorded through the CommandBus without HTTP, held to the same rules', async () => {
    const step = await addStep();
    const bus = t.app.get(CommandBus);
    await expect(bus.execute(new CompleteStepCommand(step.id, 'success', undefined, { tokens: Number.POSITIVE_INFINITY }))).rejects.toMatchObject({ field: 'metrics.tokens' });
    await bus.execute(new CompleteStepCommand(step.id, 'success', undefined, { tokens: 3 }));
    expect((await request(t.http).get(`/v1/steps/${step.id}`).expect(200)).body.metrics).toEqual({ tokens: 3 });
  });
});
