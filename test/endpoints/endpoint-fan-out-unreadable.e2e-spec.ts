import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * Regression guard for a review finding, fixed the same day: one event the service cannot read (e.g. a JobCompleted at a schema version written by a newer release, met
 * again after a rollback, or a row damaged by hand) stops the fan-out for every endpoint whose cursor is behind it —
 * for good, and also for endpoints that do not subscribe to that event's type at all: a pass reads every completion
 * type (readTypesBetween → inCurrentShape throws), the pass fails, the cursor never moves, and the next pass (250 ms
 * later) fails the same way, logging an error each time.
 */
describe('an unreadable completion in the log', () => {
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

  it('does not hold up an endpoint subscribed only to run.failed', async () => {
    const endpoint = (await request(t.http).post('/v1/endpoints').send({ url: receiver.url('/runs'), event_types: ['run.failed'] }).expect(201)).body;
    // A job completion the running release cannot read (schema v99), appended as every append is: under the lock.
    await t.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [EVENT_APPEND_LOCK]);
      await tx.query(
        `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         VALUES ('job-from-the-future', 'job', 2, 'JobCompleted', 99, '{"job_id":"job-from-the-future","status":"completed","shape":"v99"}', now())`,
      );
    });
    const run = (await request(t.http).post('/v1/runs').send({}).expect(201)).body;
    await request(t.http).patch(`/v1/runs/${run.id}`).send({ status: 'failed' }).expect(200);
    const received = await eventually(() => receiver.requests.length > 0 && receiver.requests, { timeoutMs: 5000, what: 'the run.failed delivery' }).catch(async (error) => {
      const [{ position }] = await t.db.query(`SELECT position::text FROM endpoint_cursors WHERE endpoint_id = $1`, [endpoint.id]);
      const [{ horizon }] = await t.db.query(`SELECT max(sequence)::text AS horizon FROM events`);
      throw new Error(`${String(error)} — the endpoint's cursor is stuck at ${position} (log at ${horizon})`);
    });
    expect(JSON.parse(received[0].body)).toMatchObject({ type: 'run.failed', data: { run_id: run.id } });
  });
});
