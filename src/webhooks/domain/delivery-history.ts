import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { DeliveryKind, DeliveryStatus } from './delivery-kind';
import { DeliveryEventType, OUTCOME_OF_EVENT, type AttemptOutcome, type DeliveryAttemptData, type DeliveryScheduledData, type RedeliveryRequestedData } from './delivery-events';

/** A delivery as its stream says, in the deliveries table's terms (timestamps as stored: ISO text). */
export interface ReplayedDelivery {
  id: string;
  kind: DeliveryKind;
  subject_id: string;
  url: string;
  destination_host: string;
  payload: string;
  status: Exclude<DeliveryStatus, 'delivering'>;
  attempt_count: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  subject_completed_at: string;
  created_at: Date;
  updated_at: Date;
  succeeded_at: string | null;
  version: number;
  attempts: (DeliveryAttemptData & { outcome: AttemptOutcome })[];
}


/**
 * Replays a delivery's stream. A lease in flight is not a fact (an attempt that never reported did not happen),
 * so a replayed delivery is never 'delivering': it is due again when its last event said.
 */
export function replayDelivery(events: readonly RecordedEvent[]): ReplayedDelivery | undefined {
  let delivery: ReplayedDelivery | undefined;
  for (const event of events) {
    if (event.type === DeliveryEventType.scheduled) {
      const data = event.data as DeliveryScheduledData;
      delivery = {
        id: data.delivery_id, kind: data.kind, subject_id: data.subject_id, url: data.url, destination_host: data.destination_host,
        payload: data.payload, status: 'pending', attempt_count: 0, next_attempt_at: event.occurredAt.toISOString(),
        last_attempt_at: null, last_status_code: null, last_error: null, subject_completed_at: data.subject_completed_at,
        created_at: event.occurredAt, updated_at: event.occurredAt, succeeded_at: null, version: event.version, attempts: [],
      };
      continue;
    }
    if (!delivery) return undefined; // not a delivery's stream
    delivery.version = event.version;
    delivery.updated_at = event.occurredAt;
    const outcome = OUTCOME_OF_EVENT[event.type];
    if (outcome) {
      const status = outcome === 'succeeded' ? 'succeeded' : 'failed';
      const attempt = event.data as DeliveryAttemptData;
      delivery.attempts.push({ ...attempt, outcome });
      Object.assign(delivery, {
        status, attempt_count: attempt.attempt, next_attempt_at: attempt.next_attempt_at, last_attempt_at: attempt.started_at,
        last_status_code: attempt.status_code, last_error: attempt.error,
      });
      if (status === 'succeeded') delivery.succeeded_at = attempt.finished_at;
    } else if (event.type === DeliveryEventType.redeliveryRequested) {
      const { next_attempt_at: due } = event.data as RedeliveryRequestedData;
      if (due !== null) delivery.next_attempt_at = due;
    }
  }
  return delivery;
}
