import { describe, expect, it } from '@jest/globals';
import { run } from '../../../test/support/decider-harness';
import type { DeliveryCommand } from '../domain/delivery-command';
import { DELIVERY_DECIDER } from '../domain/delivery-decider';
import type { AttemptVerdict } from '../domain/retry-policy';
import { type DeliveryRows, DeliveriesProjection } from './deliveries.projection';

const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, second));
const schedule: DeliveryCommand = {
  type: 'schedule', deliveryId: 'dlv-1', kind: 'job', subjectId: 'job-1', url: 'https://hooks.test/x', destinationHost: 'hooks.test:443',
  payload: '{}', subjectCompletedAt: at(0), now: at(1),
};
const retry: AttemptVerdict = { status: 'failed', nextAttemptAt: at(50) };
const attempt = (number: number, started: number): DeliveryCommand => ({
  type: 'recordAttempt', deliveryId: 'dlv-1', attempt: number, verdict: retry, now: at(started + 1),
  result: { outcome: 'http_error', startedAt: at(started), finishedAt: at(started + 1), durationMs: 1000, statusCode: 503, error: 'HTTP 503', responseBody: null },
});
const redeliver = (attemptInFlight: boolean, second: number): DeliveryCommand => ({ type: 'redeliver', deliveryId: 'dlv-1', attemptInFlight, now: at(second) });

describe('the deliveries projection', () => {
  const projection = new DeliveriesProjection();
  const fold = (commands: DeliveryCommand[]) =>
    run(DELIVERY_DECIDER, commands).events.reduce<DeliveryRows | undefined>((rows, event) => projection.evolve(rows, event), undefined)!;

  it("measures each attempt from the subject's completion, or from the redelivery asked for before it started", () => {
    // Attempt 1 under way when the redelivery is asked for (second 5): it still runs from the completion; attempt 2 from the request.
    const rows = fold([schedule, redeliver(true, 5), attempt(1, 4), attempt(2, 6), redeliver(false, 20), attempt(3, 21), attempt(4, 30)]);
    expect(rows.attempts.map((row) => [row.attempt, row.outcome, row.measured_from])).toEqual([
      [1, 'retrying', at(0).toISOString()],
      [2, 'retrying', at(5).toISOString()],
      [3, 'retrying', at(20).toISOString()],
      [4, 'retrying', at(20).toISOString()],
    ]);
    expect(rows.version).toBe(7);
  });

  it('writes the delivery row whole and only the attempts the change recorded', () => {
    const before = fold([schedule, attempt(1, 4)]);
    const after = fold([schedule, attempt(1, 4), attempt(2, 6)]);
    const writes = projection.store([{ before, after }]);
    expect(writes.map((write) => write.rows)).toEqual([['deliveries:dlv-1'], ['delivery_attempts:dlv-1:2']]);
    expect(projection.store([{ before: after, after: fold([schedule, attempt(1, 4), attempt(2, 6), redeliver(false, 9)]) }]).map((write) => write.rows)).toEqual([['deliveries:dlv-1']]);
  });
});
