import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

describe('cancelling a run cancels its pending steps', () => {
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
  });

  const runWithSteps = async (count: number) => {
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    const steps = [];
    for (let i = 0; i < count; i++) steps.push((await request(t.http).post(`/v1/runs/${run.id}/steps`).send({ metadata: { i } }).expect(201)).body);
    return { run, steps };
  };
  const stepOf = async (id: string) => (await request(t.http).get(`/v1/steps/${id}`).expect(200)).body;
  const eventTypes = async (id: string) => (await request(t.http).get(`/v1/steps/${id}/events`).expect(200)).body.data.map((event: { type: string }) => event.type);

  it.each([
    ['POST /cancel', (id: string) => request(t.http).post(`/v1/runs/${id}/cancel`).expect(200)],
    ['PATCH status cancelled', (id: string) => request(t.http).patch(`/v1/runs/${id}`).send({ status: 'cancelled' }).expect(200)],
  ])('%s: each pending step is cancelled at the run\'s moment and notified once; a finished one keeps its outcome', async (_, cancel) => {
    const { run, steps } = await runWithSteps(3);
    await request(t.http).patch(`/v1/steps/${steps[0].id}`).send({ status: 'success' }).expect(200);
    const cancelled = (await cancel(run.id)).body;

    expect(await stepOf(steps[0].id)).toMatchObject({ status: 'success' });
    for (const step of steps.slice(1)) {
      expect(await stepOf(step.id)).toMatchObject({ status: 'cancelled', error: null, completed_at: cancelled.completed_at });
      expect(await eventTypes(step.id)).toEqual(['StepCreated', 'StepCompleted']);
    }
    const notified = await eventually(() => receiver.requests.length === 3 && receiver.requests.map((received) => JSON.parse(received.body).step_id));
    expect(notified.sort()).toEqual(steps.map((step) => step.id).sort());

    // A cancelled step cannot be finished afterwards; repeating its outcome is the usual no-op.
    const refused = await request(t.http).patch(`/v1/steps/${steps[1].id}`).send({ status: 'success' }).expect(409);
    expect(refused.body.message).toBe(`step ${steps[1].id} is already cancelled; a terminal step cannot change`);
    await request(t.http).patch(`/v1/steps/${steps[1].id}`).send({ status: 'cancelled' }).expect(200);
  });

  it('a run with 300 pending steps is cancelled in one commit: every step cancelled and notified', async () => {
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    const ids: string[] = [];
    // A few at a time: every step joining a run appends to the run's stream, so many at once contend for its version.
    for (let chunk = 0; chunk < 75; chunk++) {
      const created = await Promise.all(Array.from({ length: 4 }, () => request(t.http).post(`/v1/runs/${run.id}/steps`).send({}).expect(201)));
      ids.push(...created.map((answer) => answer.body.id));
    }
    const cancelled = (await request(t.http).post(`/v1/runs/${run.id}/cancel`).expect(200)).body;
    const [counts] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'cancelled' AND completed_at = $2)::int AS cancelled, count(*)::int AS total FROM steps WHERE run_id = $1`,
      [run.id, cancelled.completed_at],
    );
    expect(counts).toEqual({ cancelled: 300, total: 300 });
    const notified = await eventually(() => receiver.requests.length === 300 && receiver.requests.map((received) => JSON.parse(received.body).step_id), { timeoutMs: 30_000 });
    expect(notified.sort()).toEqual(ids.sort());
  });

  it('a run that completes or fails leaves its pending steps as they are', async () => {
    const { run, steps } = await runWithSteps(1);
    await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'completed' }).expect(200);
    expect(await stepOf(steps[0].id)).toMatchObject({ status: 'pending' });
    expect(await eventTypes(steps[0].id)).toEqual(['StepCreated']);
  });
});
