import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { completeJob, fanOutAtRest } from '../endpoints/endpoint-helpers';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: `since` as a time promises "every matching event since then" (docs/api.md). The start is taken as
 * max(sequence) of the events with occurred_at < since — but occurred_at is the deciding process's clock at decision
 * time, not the commit order: an event stamped before `since` that commits after one stamped after it (another
 * replica whose clock is a second behind; a unit decided earlier that waited in the commit batcher or re-ran)
 * moves the start past the later-stamped one, which is then never sent.
 */
describe('a backfill from a time when occurred_at is not in commit order', () => {
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

  it('sends every completion that occurred at or after `since`', async () => {
    await completeJob(t, 'completed'); // before
    const afterSince = await completeJob(t, 'completed');
    const since = new Date(Date.parse(afterSince.completed_at) - 100).toISOString();
    // A completion committed next by a replica whose clock runs 1 s behind this one (stamped before `since`).
    await t.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [EVENT_APPEND_LOCK]);
      await tx.query(
        `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         VALUES ('job-skewed', 'job', 2, 'JobCompleted', 1, jsonb_build_object('job_id', 'job-skewed', 'status', 'completed', 'completed_at', $1::text), $1::timestamptz)`,
        [new Date(Date.parse(afterSince.completed_at) - 1000).toISOString()],
      );
    });
    await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/since'), since, event_types: ['job.*'] }).expect(201);
    await fanOutAtRest(t);
    const received = receiver.requests.map((r) => JSON.parse(r.body).data.job_id as string);
    expect(received).toContain(afterSince.id);
  });
});
