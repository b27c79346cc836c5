import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { completeJob, fanOutAtRest } from '../endpoints/endpoint-helpers';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/** Regression guard for a review finding, fixed the same day: odd input must be a 4xx naming the field, with nothing written, and mean what docs/api.md says. */
describe('endpoint input', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.db);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('PATCH {"description": null} is a 400 naming description (it was a 500: NOT NULL violated in the projection)', async () => {
    const endpoint = (await request(t.http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/d', description: 'kept' }).expect(201)).body;
    const answer = await request(t.http).patch(`/v1/endpoints/${endpoint.id}`).send({ description: null });
    expect([answer.status, answer.body.field]).toEqual([400, 'description']);
  });

  it('since "2026-02-31T00:00:00Z" (no such day) is a 400 naming since (it was taken as 3 March)', async () => {
    const answer = await request(t.http).post('/v1/endpoints').send({ url: 'http://127.0.0.1:9/s', since: '2026-02-31T00:00:00Z' });
    expect([answer.status, answer.body.field]).toEqual([400, 'since']);
  });

  it('since a sequence past the end of the log sends nothing numbered before it (or is refused, as a future time is)', async () => {
    const [{ end }] = await t.db.query(`SELECT coalesce(max(sequence), 0)::int AS "end" FROM events`);
    const since = end + 1000;
    const answer = await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/future'), since });
    if (answer.status === 400) return expect(answer.body.field).toBe('since');
    expect(answer.status).toBe(201);
    await completeJob(t, 'completed');
    await fanOutAtRest(t);
    const [{ sequence }] = await t.db.query(`SELECT max(sequence)::int AS sequence FROM events WHERE type = 'JobCompleted'`);
    expect(sequence).toBeLessThan(since);
    expect(receiver.requests.map((one) => JSON.parse(one.body).type)).toEqual([]);
  });
});
