import type { Decider } from '../../platform/domain/decider';
import { DomainError, EntityNotFoundError } from '../../platform/domain/domain-error';
import { OperationCancelledEvent } from '../events/operation-cancelled.event';
import { OperationEventType, type RedeliveryBatchScheduledData, type RedeliveryOperationStartedData } from '../events/operation-events';
import { OperationFinishedEvent } from '../events/operation-finished.event';
import { RedeliveryBatchScheduledEvent } from '../events/redelivery-batch-scheduled.event';
import { RedeliveryOperationStartedEvent } from '../events/redelivery-operation-started.event';
import type { OperationCommand } from './operation-command';
import type { OperationState } from './operation-state';

/**
 * running -> done (every match asked for) | cancelled. A batch is recorded on the operation's stream in the unit
 * of work that asks for its deliveries again, so a delivery is asked for once per operation: two replicas running
 * one operation collide on its stream version, and the loser decides again from the cursor the winner left.
 */
export const OPERATION_DECIDER: Decider<OperationCommand, OperationState> = {
  decide(command, state) {
    if (command.type === 'start') {
      if (state) {
        if (command.requestDigest !== undefined && command.requestDigest === state.requestDigest) return [];
        throw new DomainError('conflict', 'idempotency-key was first used with a different request; use a new key for a new operation', 'idempotency-key');
      }
      const { operationId, filter, matched, requestDigest, now } = command;
      const data: RedeliveryOperationStartedData = { operation_id: operationId, filter, matched, ...(requestDigest !== undefined && { request_digest: requestDigest }) };
      return [new RedeliveryOperationStartedEvent(operationId, now, data)];
    }
    if (!state) throw new EntityNotFoundError('operation', command.operationId);
    const { operationId, now } = command;
    if (command.type === 'cancel') {
      if (state.status === 'cancelled') return [];
      if (state.status === 'done') throw new DomainError('conflict', `operation ${operationId} is already done; there is nothing left to cancel`, 'status');
      return [new OperationCancelledEvent(operationId, now, { operation_id: operationId })];
    }
    if (state.status !== 'running') return [];
    if (command.type === 'finish') return [new OperationFinishedEvent(operationId, now, { operation_id: operationId })];
    if (command.deliveryIds.length === 0) return [];
    return [new RedeliveryBatchScheduledEvent(operationId, now, { operation_id: operationId, delivery_ids: [...command.deliveryIds] })];
  },

  evolve(state, { streamId, type, data, occurredAt }) {
    if (type === OperationEventType.started) {
      const { filter, matched, request_digest: requestDigest } = data as RedeliveryOperationStartedData;
      const started: OperationState = {
        id: streamId, kind: 'redelivery', filter, status: 'running', matched, scheduled: 0, cursor: null,
        createdAt: occurredAt, lastBatchAt: null, updatedAt: occurredAt, finishedAt: null,
      };
      return requestDigest === undefined ? started : { ...started, requestDigest };
    }
    if (!state) return undefined; // not an operation's stream
    if (type === OperationEventType.batchScheduled) {
      const ids = (data as RedeliveryBatchScheduledData).delivery_ids;
      return { ...state, scheduled: state.scheduled + ids.length, cursor: ids[ids.length - 1], lastBatchAt: occurredAt, updatedAt: occurredAt };
    }
    if (type === OperationEventType.finished) return { ...state, status: 'done', updatedAt: occurredAt, finishedAt: occurredAt };
    if (type === OperationEventType.cancelled) return { ...state, status: 'cancelled', updatedAt: occurredAt, finishedAt: occurredAt };
    return { ...state, updatedAt: occurredAt };
  },
};
