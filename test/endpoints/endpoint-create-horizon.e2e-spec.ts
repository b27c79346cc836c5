import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { completeJob, fanOutAtRest } from '../endpoints/endpoint-helpers';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: an endpoint created without `since` must receive "events from its creation on" (docs/api.md).
 * Its starting position is the feed horizon; when the horizon's exclusive lock cannot be had within 20 ms (an append
 * in flight holds it shared a little longer — ordinary under load), FeedHorizon answers the last horizon this
 * process computed. A process that has had no endpoint yet has never computed one (the fan-out returns before asking
 * when no endpoint exists): it answers '0', and the new endpoint is backfilled with the whole log — every past
 * completion, with its metadata, goes to a receiver that asked for none of it.
 */
describe('creating an endpoint while an append is committing', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.db);
    await t.close();
    t = await startTestApp(); // a fresh process: its horizon was never computed (no endpoint, no feed reader)
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('sends none of the completions that happened before it was created', async () => {
    const past = [await completeJob(t, 'completed', { secret: 'old-1' }), await completeJob(t, 'failed', { secret: 'old-2' })];
    // Another append that took the append lock (shared) and is slow to commit, as any append under load can be.
    const slow = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await slow.connect();
    let endpoint: { id: string };
    try {
      await slow.query('BEGIN');
      await slow.query('SELECT pg_advisory_xact_lock_shared($1)', [EVENT_APPEND_LOCK]);
      endpoint = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/new') }).expect(201)).body;
    } finally {
      await slow.query('ROLLBACK');
      await slow.end();
    }
    // At the horizon of its creation — or already past its own EndpointCreated, when a fan-out pass ran in between
    // (a clean clone's CI read 5 for a horizon of 4): never before the completions that came first.
    const [{ position, horizon, end }] = await t.db.query(
      `SELECT c.position::text AS position, (SELECT max(sequence) FROM events WHERE stream_id <> $1)::text AS horizon,
              (SELECT max(sequence) FROM events)::text AS end
         FROM endpoint_cursors c WHERE c.endpoint_id = $1`,
      [endpoint.id],
    );
    expect([horizon, end]).toContain(position);
    // A later completion, so the fan-out has something to do.
    const after = await completeJob(t, 'completed');
    await eventually(() => receiver.requests.some((r) => r.body.includes(after.id)), { what: 'the new completion' });
    await fanOutAtRest(t); // a backfill, had there been one, is fanned out and sent by now: nothing due or in flight
    const received = receiver.requests.map((r) => JSON.parse(r.body).data.job_id as string);
    expect(received).toEqual([after.id]);
    expect(received).not.toContain(past[0].id);
  });
});
