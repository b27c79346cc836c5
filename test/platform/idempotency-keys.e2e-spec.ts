import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

const KEYS = 'key-of-team-a,key-of-team-b';
const asTeam = (team: 'a' | 'b') => ({ authorization: `Bearer key-of-team-${team}` });

describe('Idempotency-Key on creates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_KEYS: KEYS });
  });
  afterAll(() => t.close());
  beforeEach(() => resetDatabase(t.db));

  const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const post = (path: string, body: object, key?: string, team: 'a' | 'b' = 'a') =>
    request(t.http).post(path).set({ ...asTeam(team), ...(key === undefined ? {} : { 'idempotency-key': key }) }).send(body);

  it('a repeated job create answers the first answer (201, same body) with Idempotent-Replayed, and creates nothing', async () => {
    const body = { callback_url: 'https://ci.example.com/hook', metadata: { pipeline: 7, nested: { a: 1, b: 2 } } };
    const first = await post('/v1/jobs', body, 'create-job-7').expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The entity moves on; a repeat still answers what the first create answered.
    await request(t.http).patch(`/v1/jobs/${first.body.id}`).set(asTeam('a')).send({ status: 'running' }).expect(200);
    const again = await post('/v1/jobs', { metadata: { nested: { b: 2, a: 1 }, pipeline: 7 }, callback_url: body.callback_url }, 'create-job-7').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count('jobs')).toBe(1);
    const types = (await request(t.http).get(`/v1/jobs/${first.body.id}/events`).set(asTeam('a')).expect(200)).body.data.map((event: { type: string }) => event.type);
    expect(types).toEqual(['JobCreated', 'JobStarted']);
  });

  it('the same key with a different body is a 409 naming idempotency-key, and writes nothing', async () => {
    await post('/v1/jobs', { metadata: { a: 1 } }, 'reused').expect(201);
    const events = await count('events');
    const refused = await post('/v1/jobs', { metadata: { a: 2 } }, 'reused').expect(409);
    expect(refused.body).toEqual({
      statusCode: 409, error: 'Conflict', field: 'idempotency-key',
      message: 'idempotency-key was first used with a different request; use a new key for a new job',
    });
    expect([await count('jobs'), await count('events')]).toEqual([1, events]);
  });

  it('keys are scoped by API key and by resource: the same key from another team, or for a run, creates anew', async () => {
    const a = (await post('/v1/jobs', {}, 'shared-key').expect(201)).body;
    const b = (await post('/v1/jobs', {}, 'shared-key', 'b').expect(201)).body;
    const run = (await post('/v1/runs', {}, 'shared-key').expect(201)).body;
    expect(new Set([a.id, b.id, run.id]).size).toBe(3);
    expect([await count('jobs'), await count('runs')]).toEqual([2, 1]);
  });

  it('twelve concurrent creates with one key make one run, and every answer names it', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => post('/v1/runs', { agent_id: 'agent-1' }, 'burst')));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 12 }, () => 201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(11);
    expect([await count('runs'), await count('events')]).toEqual([1, 1]);
  });

  it('a repeated step create answers the same step and does not add it to its run twice', async () => {
    const run = (await post('/v1/runs', {}).expect(201)).body;
    const first = (await post(`/v1/runs/${run.id}/steps`, { metadata: { n: 1 } }, 'step-1').expect(201)).body;
    const again = await post(`/v1/runs/${run.id}/steps`, { metadata: { n: 1 } }, 'step-1').expect(201);
    expect(again.body).toEqual(first);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const runEvents = (await request(t.http).get(`/v1/runs/${run.id}/events`).set(asTeam('a')).expect(200)).body.data;
    expect(runEvents.map((event: { type: string }) => event.type)).toEqual(['RunCreated', 'RunStepAdded']);
    await post(`/v1/runs/${run.id}/steps`, { metadata: { n: 2 } }, 'step-1').expect(409);
    expect(await count('steps')).toBe(1);
    // The run finishes; a repeat of the step made before still answers that step, a new key is refused.
    await request(t.http).patch(`/v1/runs/${run.id}`).set(asTeam('a')).send({ status: 'completed' }).expect(200);
    expect((await post(`/v1/runs/${run.id}/steps`, { metadata: { n: 1 } }, 'step-1').expect(201)).body).toEqual(first);
    await post(`/v1/runs/${run.id}/steps`, { metadata: { n: 1 } }, 'step-2').expect(409);
    expect(await count('steps')).toBe(1);
  });

  it.each([['empty', ''], ['with a space', 'a key'], ['too long', 'k'.repeat(256)], ['not ASCII', 'clé']])(
    'a key that is %s is a 400 naming idempotency-key, nothing written',
    async (_, key) => {
      const refused = await post('/v1/jobs', {}, key).expect(400);
      expect(refused.body).toMatchObject({ statusCode: 400, field: 'idempotency-key' });
      expect(await count('events')).toBe(0);
    },
  );
});
