import type { DomainEvent } from '../../platform/domain/domain-event';
import { DeliveryEventType, type RedeliveryRequestedData } from '../domain/delivery-events';

/** Someone asked for a new attempt now, with the same webhook-id. */
export class RedeliveryRequestedEvent implements DomainEvent {
  static readonly eventType = DeliveryEventType.redeliveryRequested;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: RedeliveryRequestedData,
  ) {}

  toData(): RedeliveryRequestedData {
    return { ...this.data };
  }
}
