import type { DomainEvent } from '../../platform/domain/domain-event';
import { type RedeliveryOperationStartedData, OperationEventType } from './operation-events';

/** A bulk redelivery was asked for: its filter and how many deliveries it matched then. */
export class RedeliveryOperationStartedEvent implements DomainEvent {
  static readonly eventType = OperationEventType.started;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: RedeliveryOperationStartedData,
  ) {}

  toData(): RedeliveryOperationStartedData {
    return { ...this.data };
  }
}
