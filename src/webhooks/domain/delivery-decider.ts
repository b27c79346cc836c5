import type { Decider } from '../../platform/domain/decider';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { DomainError, EntityNotFoundError } from '../../platform/domain/domain-error';
import { DeliveryAbandonedEvent } from '../events/delivery-abandoned.event';
import { DeliveryAttemptFailedEvent } from '../events/delivery-attempt-failed.event';
import { DeliveryDeadLetteredEvent } from '../events/delivery-dead-lettered.event';
import { DeliveryRedirectedEvent } from '../events/delivery-redirected.event';
import { DeliveryScheduledEvent } from '../events/delivery-scheduled.event';
import { DeliverySucceededEvent } from '../events/delivery-succeeded.event';
import { RedeliveryRequestedEvent } from '../events/redelivery-requested.event';
import type { DeliveryCommand, RecordAttempt } from './delivery-command';
import { DeliveryEventType, OUTCOME_OF_EVENT, type DeliveryAbandonedData, type DeliveryAttemptData, type DeliveryRedirectedData, type DeliveryScheduledData, type RedeliveryRequestedData } from './delivery-events';
import type { DeliveryState } from './delivery-state';

/**
 * A delivery's rules. Scheduled once; each attempt's result is recorded once (one for an attempt at or below the
 * last recorded decides nothing; numbers may skip one whose holder never reported); a redelivery is always
 * recorded and makes the next attempt due now, or as soon as the attempt in flight is recorded — unless the delivery
 * was abandoned (its endpoint deleted): then it is refused, and a bulk redelivery passes it by.
 */
export const DELIVERY_DECIDER: Decider<DeliveryCommand, DeliveryState> = {
  decide(command, state) {
    if (command.type === 'schedule') {
      if (state) return [];
      const { deliveryId, kind, subjectId, url, destinationHost, payload, subjectCompletedAt, endpoint, now } = command;
      return [
        new DeliveryScheduledEvent(deliveryId, now, {
          delivery_id: deliveryId, kind, subject_id: subjectId, url, destination_host: destinationHost, payload,
          subject_completed_at: subjectCompletedAt.toISOString(), ...(endpoint && { endpoint_id: endpoint.endpointId, event_type: endpoint.eventType }),
        }),
      ];
    }
    if (!state) throw new EntityNotFoundError('delivery', command.deliveryId);
    if (command.type === 'redirect') {
      const { deliveryId, url, destinationHost, attemptInFlight, now } = command;
      if (state.status === 'succeeded') {
        throw new DomainError('conflict', `the callback was delivered already (delivery ${deliveryId}); its URL can no longer change`, 'callback_url');
      }
      if (url === state.url) return [];
      return [new DeliveryRedirectedEvent(deliveryId, now, { delivery_id: deliveryId, url, destination_host: destinationHost, next_attempt_at: attemptInFlight ? null : now.toISOString() })];
    }
    if (command.type === 'abandon') {
      if (state.status === 'succeeded' || state.abandonedReason !== null) return [];
      return [new DeliveryAbandonedEvent(command.deliveryId, command.now, { delivery_id: command.deliveryId, reason: command.reason })];
    }
    if (command.type === 'redeliver') {
      const { deliveryId, attemptInFlight, now, operationId } = command;
      if (state.abandonedReason !== null) {
        if (operationId) return [];
        throw new DomainError('conflict', `delivery ${deliveryId} cannot be sent again: ${state.abandonedReason}`, 'delivery_id');
      }
      const due = attemptInFlight ? null : now.toISOString();
      return [new RedeliveryRequestedEvent(deliveryId, now, { delivery_id: deliveryId, next_attempt_at: due, ...(operationId && { operation_id: operationId }) })];
    }
    if (command.attempt <= state.attemptCount) return [];
    return [attemptEvent(command, state)];
  },

  evolve(state, { type, data, occurredAt }) {
    if (type === DeliveryEventType.scheduled) return scheduled(data as DeliveryScheduledData, occurredAt);
    if (!state) return undefined; // not a delivery's stream
    const outcome = OUTCOME_OF_EVENT[type];
    if (outcome) {
      const attempt = data as DeliveryAttemptData;
      const succeeded = outcome === 'succeeded';
      return {
        ...state, status: outcome, attemptCount: attempt.attempt, nextAttemptAt: attempt.next_attempt_at,
        lastAttempt: attempt, redeliveryRequestedAt: null, succeededAt: succeeded ? attempt.finished_at : state.succeededAt, updatedAt: occurredAt,
      };
    }
    if (type === DeliveryEventType.redeliveryRequested || type === DeliveryEventType.redirected) {
      const { next_attempt_at: due } = data as RedeliveryRequestedData;
      const target = type === DeliveryEventType.redirected ? (data as DeliveryRedirectedData) : undefined;
      const [url, destinationHost] = target ? [target.url, target.destination_host] : [state.url, state.destinationHost];
      // A dead letter asked for again is retrying: an attempt is planned after a failure.
      const status = due !== null && state.status === 'dead_lettered' ? 'retrying' : state.status;
      const operationId = (data as RedeliveryRequestedData).operation_id ?? state.redeliveryOperationId;
      return {
        ...state, url, destinationHost, status, nextAttemptAt: due ?? state.nextAttemptAt, redeliveryRequestedAt: due === null ? occurredAt : null,
        redeliveryOperationId: operationId, updatedAt: occurredAt,
      };
    }
    if (type === DeliveryEventType.abandoned) {
      const { reason } = data as DeliveryAbandonedData;
      return { ...state, status: 'dead_lettered', nextAttemptAt: null, redeliveryRequestedAt: null, abandonedReason: reason, updatedAt: occurredAt };
    }
    return { ...state, updatedAt: occurredAt };
  },
};

function scheduled(data: DeliveryScheduledData, occurredAt: Date): DeliveryState {
  return {
    id: data.delivery_id, kind: data.kind, subjectId: data.subject_id, url: data.url, destinationHost: data.destination_host,
    payload: data.payload, subjectCompletedAt: data.subject_completed_at, endpointId: data.endpoint_id ?? null, eventType: data.event_type ?? null, status: 'pending', attemptCount: 0,
    nextAttemptAt: occurredAt.toISOString(), lastAttempt: null, redeliveryRequestedAt: null, redeliveryOperationId: null, succeededAt: null,
    abandonedReason: null, createdAt: occurredAt, updatedAt: occurredAt,
  };
}

/**
 * Named for what the attempt led to; a redelivery asked for while it was under way makes the next attempt due at
 * once. An attempt under way when its delivery was abandoned is recorded, and nothing follows it.
 */
function attemptEvent({ deliveryId, attempt, result, verdict, now }: RecordAttempt, state: DeliveryState): DomainEvent {
  const requested = state.redeliveryRequestedAt;
  const next = state.abandonedReason !== null ? null : requested !== null && result.startedAt < requested ? now : verdict.nextAttemptAt;
  const data: DeliveryAttemptData = {
    delivery_id: deliveryId, attempt, started_at: result.startedAt.toISOString(), finished_at: result.finishedAt.toISOString(),
    duration_ms: result.durationMs, status_code: result.statusCode, error: result.error,
    response_headers: result.responseHeaders ?? null, next_attempt_at: next ? next.toISOString() : null,
  };
  if (verdict.status === 'succeeded') return new DeliverySucceededEvent(deliveryId, result.finishedAt, data);
  if (next === null) return new DeliveryDeadLetteredEvent(deliveryId, result.finishedAt, data);
  return new DeliveryAttemptFailedEvent(deliveryId, result.finishedAt, data);
}
