import { describe, expect, it } from '@jest/globals';
import { replay, run } from '../../../test/support/decider-harness';
import { DomainError, EntityNotFoundError } from '../../platform/domain/domain-error';
import type { AttemptResult } from '../http/attempt-result';
import type { DeliveryCommand } from './delivery-command';
import { DELIVERY_DECIDER } from './delivery-decider';
import type { AttemptVerdict } from './retry-policy';

const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, second));
const schedule: DeliveryCommand = {
  type: 'schedule', deliveryId: 'dlv-1', kind: 'job', subjectId: 'job-1', url: 'https://hooks.test/x', destinationHost: 'hooks.test:443',
  payload: '{"job_id":"job-1"}', subjectCompletedAt: at(0), now: at(1),
};
const result = (status: number | null, started: number): AttemptResult => ({
  outcome: status !== null && status < 300 ? 'success' : status === null ? 'timeout' : 'http_error', startedAt: at(started), finishedAt: at(started + 1),
  durationMs: 1000, statusCode: status, error: status !== null && status < 300 ? null : status === null ? 'timeout after 1000 ms' : `HTTP ${status}`, responseBody: status === null ? null : 'body',
});
const retryAt = at(50);
const record = (attempt: number, status: number | null, verdict: AttemptVerdict, started = 2 + attempt * 2): DeliveryCommand => ({
  type: 'recordAttempt', deliveryId: 'dlv-1', attempt, result: result(status, started), verdict, now: at(40),
});
const succeeded: AttemptVerdict = { status: 'succeeded', nextAttemptAt: null };
const retry: AttemptVerdict = { status: 'failed', nextAttemptAt: retryAt };
const final: AttemptVerdict = { status: 'failed', nextAttemptAt: null };
const redeliver = (attemptInFlight: boolean, second: number): DeliveryCommand => ({ type: 'redeliver', deliveryId: 'dlv-1', attemptInFlight, now: at(second) });

describe('the delivery decider', () => {
  it('schedules once, due at once; the stream replays to the same state', () => {
    const done = run(DELIVERY_DECIDER, [schedule, schedule]);
    expect(done.events.map((event) => [event.type, event.data])).toEqual([
      ['DeliveryScheduled', {
        delivery_id: 'dlv-1', kind: 'job', subject_id: 'job-1', url: 'https://hooks.test/x', destination_host: 'hooks.test:443',
        payload: '{"job_id":"job-1"}', subject_completed_at: at(0).toISOString(),
      }],
    ]);
    expect(done.state).toMatchObject({ status: 'pending', attemptCount: 0, nextAttemptAt: at(1).toISOString(), lastAttempt: null, createdAt: at(1) });
    expect(replay(DELIVERY_DECIDER, done.events)).toEqual(done.state);
  });

  it('each attempt is named for what it led to: retrying, dead-lettered, succeeded', () => {
    const done = run(DELIVERY_DECIDER, [schedule, record(1, 503, retry), record(2, null, retry), record(3, 410, final), redeliver(false, 20), record(4, 200, succeeded)]);
    expect(done.events.map((event) => [event.type, event.data.attempt ?? null, event.data.next_attempt_at])).toEqual([
      ['DeliveryScheduled', null, undefined],
      ['DeliveryAttemptFailed', 1, retryAt.toISOString()],
      ['DeliveryAttemptFailed', 2, retryAt.toISOString()],
      ['DeliveryDeadLettered', 3, null],
      ['RedeliveryRequested', null, at(20).toISOString()],
      ['DeliverySucceeded', 4, null],
    ]);
    expect(done.events[3].data).toEqual({
      delivery_id: 'dlv-1', attempt: 3, started_at: at(8).toISOString(), finished_at: at(9).toISOString(), duration_ms: 1000,
      status_code: 410, error: 'HTTP 410', response_headers: null, next_attempt_at: null,
    });
    expect(done.events[3].occurredAt).toEqual(at(9));
    expect(run(DELIVERY_DECIDER, [schedule, record(1, 503, retry)]).state?.status).toBe('retrying');
    expect(run(DELIVERY_DECIDER, [schedule, record(1, 410, final)]).state?.status).toBe('dead_lettered');
    expect(run(DELIVERY_DECIDER, [schedule, record(1, 410, final), redeliver(false, 20)]).state).toMatchObject({ status: 'retrying', nextAttemptAt: at(20).toISOString() });
    expect(done.state).toMatchObject({ status: 'succeeded', attemptCount: 4, nextAttemptAt: null, succeededAt: at(11).toISOString(), updatedAt: at(11) });
    expect(replay(DELIVERY_DECIDER, done.events)).toEqual(done.state);
  });

  it('a result for an attempt already recorded decides nothing; a number may skip one whose holder never reported', () => {
    const once = run(DELIVERY_DECIDER, [schedule, record(1, 503, retry)]);
    expect(run(DELIVERY_DECIDER, [record(1, 200, succeeded)], once).last).toEqual([]);
    const skipped = run(DELIVERY_DECIDER, [record(3, 200, succeeded)], once);
    expect(skipped.last.map((event) => [event.type, event.data.attempt])).toEqual([['DeliverySucceeded', 3]]);
    expect(skipped.state?.attemptCount).toBe(3);
  });

  it('a redelivery while idle makes it due now; while an attempt is in flight, due as soon as that attempt is recorded', () => {
    const idle = run(DELIVERY_DECIDER, [schedule, record(1, 200, succeeded), redeliver(false, 30)]);
    expect(idle.state).toMatchObject({ status: 'succeeded', nextAttemptAt: at(30).toISOString(), redeliveryRequestedAt: null });

    // The attempt in flight started (second 4) before the request (second 5): its result keeps the request.
    const during = run(DELIVERY_DECIDER, [schedule, redeliver(true, 5), record(1, 200, succeeded, 4)]);
    expect(during.events[1].data).toEqual({ delivery_id: 'dlv-1', next_attempt_at: null });
    expect(during.last.map((event) => [event.type, event.data.next_attempt_at])).toEqual([['DeliverySucceeded', at(40).toISOString()]]);
    expect(during.state).toMatchObject({ status: 'succeeded', nextAttemptAt: at(40).toISOString(), redeliveryRequestedAt: null });
    // A failed final attempt with a redelivery waiting is not a dead letter: another attempt follows now.
    expect(run(DELIVERY_DECIDER, [schedule, redeliver(true, 5), record(1, 410, final, 4)]).last.map((event) => event.type)).toEqual(['DeliveryAttemptFailed']);

    // One that started after the request (the lease was given back, then claimed again) was the redelivery itself.
    const after = run(DELIVERY_DECIDER, [schedule, redeliver(true, 5), record(1, 503, retry, 6)]);
    expect(after.last.map((event) => event.data.next_attempt_at)).toEqual([retryAt.toISOString()]);
    expect(replay(DELIVERY_DECIDER, during.events)).toEqual(during.state);
  });

  it('attempts and redeliveries of a delivery that does not exist are refused; other streams are not deliveries', () => {
    expect(() => DELIVERY_DECIDER.decide(record(1, 200, succeeded), undefined)).toThrow(EntityNotFoundError);
    expect(() => DELIVERY_DECIDER.decide(redeliver(false, 1), undefined)).toThrow('delivery dlv-1 not found');
    expect(DELIVERY_DECIDER.evolve(undefined, { streamId: 'job-1', version: 1, type: 'JobCreated', data: {}, occurredAt: at(0) })).toBeUndefined();
  });

  it('a new URL: the next attempt goes there, due now (after the one in flight); a dead letter is retrying; once delivered, refused', () => {
    const redirect = (attemptInFlight: boolean, url = 'https://new.test/y'): DeliveryCommand => ({
      type: 'redirect', deliveryId: 'dlv-1', url, destinationHost: new URL(url).host, attemptInFlight, now: at(30),
    });
    const dead = run(DELIVERY_DECIDER, [schedule, record(1, 410, final), redirect(false)]);
    expect(dead.last.map((event) => [event.type, event.data])).toEqual([
      ['DeliveryRedirected', { delivery_id: 'dlv-1', url: 'https://new.test/y', destination_host: 'new.test', next_attempt_at: at(30).toISOString() }],
    ]);
    expect(dead.state).toMatchObject({ status: 'retrying', url: 'https://new.test/y', destinationHost: 'new.test', nextAttemptAt: at(30).toISOString(), payload: '{"job_id":"job-1"}' });
    expect(run(DELIVERY_DECIDER, [redirect(false)], dead).last).toEqual([]); // the same URL again
    const inFlight = run(DELIVERY_DECIDER, [schedule, redirect(true)]);
    expect(inFlight.state).toMatchObject({ status: 'pending', url: 'https://new.test/y', redeliveryRequestedAt: at(30) });
    const delivered = run(DELIVERY_DECIDER, [schedule, record(1, 200, succeeded)]);
    expect(() => DELIVERY_DECIDER.decide(redirect(false), delivered.state)).toThrow('the callback was delivered already (delivery dlv-1)');
    expect(replay(DELIVERY_DECIDER, dead.events)).toEqual(dead.state);
  });

  it("abandoned (its endpoint deleted): ends as a dead letter with the reason; an attempt in flight is recorded with nothing after it; a redelivery is refused, a bulk one passes it by", () => {
    const abandon: DeliveryCommand = { type: 'abandon', deliveryId: 'dlv-1', reason: 'its endpoint ep-1 was deleted', now: at(30) };
    const done = run(DELIVERY_DECIDER, [schedule, record(1, 503, retry), abandon, abandon, record(2, 503, retry)]);
    expect(done.events.map((event) => [event.type, event.data.next_attempt_at ?? null])).toEqual([
      ['DeliveryScheduled', null],
      ['DeliveryAttemptFailed', retryAt.toISOString()],
      ['DeliveryAbandoned', null],
      ['DeliveryDeadLettered', null], // the attempt that was under way: recorded, nothing planned after it
    ]);
    expect(done.events[2].data).toEqual({ delivery_id: 'dlv-1', reason: 'its endpoint ep-1 was deleted' });
    expect(done.state).toMatchObject({ status: 'dead_lettered', nextAttemptAt: null, attemptCount: 2, abandonedReason: 'its endpoint ep-1 was deleted' });
    expect(replay(DELIVERY_DECIDER, done.events)).toEqual(done.state);
    expect(() => run(DELIVERY_DECIDER, [redeliver(false, 40)], done)).toThrow(
      new DomainError('conflict', 'delivery dlv-1 cannot be sent again: its endpoint ep-1 was deleted', 'delivery_id'),
    );
    expect(run(DELIVERY_DECIDER, [{ type: 'redeliver', deliveryId: 'dlv-1', attemptInFlight: false, now: at(40), operationId: 'op-1' }], done).last).toEqual([]);
    // A delivered one stays delivered.
    expect(run(DELIVERY_DECIDER, [schedule, record(1, 200, succeeded), abandon]).last).toEqual([]);
  });
});
