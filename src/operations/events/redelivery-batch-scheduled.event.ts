import type { DomainEvent } from '../../platform/domain/domain-event';
import { type RedeliveryBatchScheduledData, OperationEventType } from './operation-events';

/** A batch of the matched deliveries was asked for again (their RedeliveryRequested events are in the same commit). */
export class RedeliveryBatchScheduledEvent implements DomainEvent {
  static readonly eventType = OperationEventType.batchScheduled;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: RedeliveryBatchScheduledData,
  ) {}

  toData(): RedeliveryBatchScheduledData {
    return { ...this.data };
  }
}
