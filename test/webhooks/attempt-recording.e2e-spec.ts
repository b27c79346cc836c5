import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { AttemptRecorder } from '../../src/webhooks/dispatch/attempt-recorder';
import { DeliveryRepository, type AttemptOutcomeRecord, type ClaimedDelivery } from '../../src/webhooks/persistence/delivery.repository';
import { eventually } from '../support/poll';
import { Receiver } from '../support/receiver';
import { resetDatabase, startTestApp, TestApp } from '../support/test-app';

/**
 * The recorder against the real SQL: PostgreSQL refuses a NUL in text, so a result that still carries one (the
 * sender makes bodies storable; this proves the net under it) must not take the results it shares a statement with.
 */
describe('recording attempt results in batches on PostgreSQL', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp({ CALLBACK_TIMEOUT_MS: '60000' });
    await resetDatabase(t.db);
    receiver = (await Receiver.start()).answer(() => 'hang');
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('a member PostgreSQL refuses is recorded with a note; the others as they were', async () => {
    for (let i = 0; i < 3; i++) {
      const job = (await request(t.http).post('/v1/jobs').send({ callback_url: receiver.url() }).expect(201)).body;
      await request(t.http).patch(`/v1/jobs/${job.id}`).send({ status: 'completed' }).expect(200);
    }
    // The app holds all three leases (its attempts hang): record results under those leases, as its recorder would.
    const leased = await eventually(async () => {
      const rows: ClaimedDelivery[] = await t.db.query(
        `SELECT id, kind, subject_id AS "subjectId", url, destination_host AS "destinationHost", payload,
                attempt_count AS "attemptCount", lease_token AS "leaseToken", subject_completed_at AS "subjectCompletedAt"
           FROM deliveries WHERE lease_token IS NOT NULL ORDER BY subject_id`,
      );
      return rows.length === 3 && receiver.hangingCount === 3 && rows;
    });
    const startedAt = new Date('2026-12-01T10:00:00.000Z');
    const outcomeOf = (delivery: ClaimedDelivery, responseBody: string): AttemptOutcomeRecord => ({
      delivery,
      result: { outcome: 'success', startedAt, finishedAt: new Date(startedAt.getTime() + 7), durationMs: 7, statusCode: 200, error: null, responseBody },
      verdict: { status: 'succeeded', nextAttemptAt: null },
    });
    const recorder = new AttemptRecorder(t.app.get(DeliveryRepository));
    const recorded = await Promise.all([
      recorder.record(outcomeOf(leased[0], 'first')),
      recorder.record(outcomeOf(leased[1], 'bin\u0000ary')),
      recorder.record(outcomeOf(leased[2], 'third')),
    ]);
    expect(recorded).toEqual([true, true, true]);

    const attempts = await t.db.query(
      `SELECT d.subject_id, d.status, d.lease_token, a.number, a.status_code, a.error, a.response_body, a.outcome
         FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id ORDER BY d.subject_id`,
    );
    const refused = '(not stored: the database refused this result: invalid byte sequence for encoding "UTF8": 0x00)';
    expect(attempts).toEqual(
      [['first', leased[0]], [refused, leased[1]], ['third', leased[2]]].map(([body, delivery]) => ({
        subject_id: (delivery as ClaimedDelivery).subjectId, status: 'succeeded', lease_token: null, number: 1, status_code: 200, error: null,
        response_body: body, outcome: 'succeeded',
      })),
    );
    // Each result is an event on its delivery's stream too, with the same body.
    const events = await t.db.query(
      `SELECT stream_id, type, data ->> 'response_body' AS body FROM events WHERE stream_type = 'delivery' AND version = 2 ORDER BY stream_id`,
    );
    expect(events.map((e: { body: string }) => e.body).sort()).toEqual(['first', refused, 'third'].sort());
    const jobs = await t.db.query(`SELECT callback_status_code, callback_error, callback_sent_at FROM jobs`);
    expect(jobs).toEqual(Array.from({ length: 3 }, () => ({ callback_status_code: 200, callback_error: null, callback_sent_at: startedAt })));
  });
});
