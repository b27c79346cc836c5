import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

describe('runs API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const createRun = async (body: object = {}) => (await request(t.http).post('/v1/runs').send(body).expect(201)).body;

  it('creates a run with agent_id and every field', async () => {
    const run = await createRun({ agent_id: 'agent-7', callback_url: 'https://orchestrator.example.com/cb', metadata: { k: 'v' } });
    expect(run).toEqual({
      id: expect.stringMatching(/^run-[0-9a-f-]{36}$/),
      agent_id: 'agent-7',
      status: 'created',
      created_at: expect.any(String),
      updated_at: run.created_at,
      completed_at: null,
      metadata: { k: 'v' },
      callback_url: 'https://orchestrator.example.com/cb',
      callback_sent_at: null,
      callback_status_code: null,
      callback_error: null,
    });
    expect((await request(t.http).get(`/v1/runs/${run.id}`).expect(200)).body).toEqual(run);
  });

  it.each(['completed', 'failed', 'cancelled'])('running -> %s records RunCompleted once', async (status) => {
    const run = await createRun();
    await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'running' }).expect(200);
    const done = (await request(t.http).patch(`/v1/runs/${run.id}`).send({ status }).expect(200)).body;
    expect(done.completed_at).not.toBeNull();
    await request(t.http).patch(`/v1/runs/${run.id}`).send({ status }).expect(200);
    const events = (await request(t.http).get(`/v1/runs/${run.id}/events`).expect(200)).body.data;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['RunCreated', 'RunStarted', 'RunCompleted']);
    expect(events[2].data).toEqual({ run_id: run.id, status, completed_at: done.completed_at });
  });

  it('has no expired status for runs', async () => {
    const run = await createRun();
    expect((await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'expired' }).expect(400)).body.field).toBe('status');
  });

  const TERMINAL = ['completed', 'failed', 'cancelled'];
  it.each(TERMINAL.flatMap((terminal) => ['created', 'running', ...TERMINAL].filter((next) => next !== terminal).map((next) => [terminal, next])))(
    'rejects %s -> %s with 409',
    async (terminal, next) => {
      const run = await createRun();
      await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: terminal }).expect(200);
      const answer = await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: next }).expect(409);
      expect(answer.body.message).toBe(`run ${run.id} is already ${terminal}; a terminal run cannot change`);
    },
  );

  it('filters by agent_id and status and pages', async () => {
    const a1 = await createRun({ agent_id: 'a' });
    const b1 = await createRun({ agent_id: 'b' });
    const a2 = await createRun({ agent_id: 'a' });
    await request(t.http).post(`/v1/runs/${a2.id}/cancel`).expect(200);
    const ofA = (await request(t.http).get('/v1/runs?agent_id=a').expect(200)).body.data.map((r: { id: string }) => r.id);
    expect(ofA).toEqual([a2.id, a1.id]);
    const cancelled = (await request(t.http).get('/v1/runs?status=cancelled').expect(200)).body.data.map((r: { id: string }) => r.id);
    expect(cancelled).toEqual([a2.id]);
    const first = (await request(t.http).get('/v1/runs?limit=1').expect(200)).body;
    expect([first.data.map((r: { id: string }) => r.id), first.has_more]).toEqual([[a2.id], true]);
    const second = (await request(t.http).get(`/v1/runs?cursor=${first.next_cursor}&limit=1`).expect(200)).body;
    expect([second.data.map((r: { id: string }) => r.id), second.has_more]).toEqual([[b1.id], true]);
  });

  it('answers 404 for an unknown run and 400 for bad input without writing', async () => {
    await request(t.http).get('/v1/runs/run-nope').expect(404);
    await request(t.http).post('/v1/runs/run-nope/cancel').expect(404);
    const answer = await request(t.http).post('/v1/runs').send({ agent_id: 5 }).expect(400);
    expect(answer.body.field).toBe('agent_id');
    expect(Number((await t.db.query('SELECT count(*) AS n FROM runs'))[0].n)).toBe(0);
  });
});
