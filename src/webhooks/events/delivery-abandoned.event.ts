import type { DomainEvent } from '../../platform/domain/domain-event';
import { DeliveryEventType, type DeliveryAbandonedData } from '../domain/delivery-events';

/** The delivery ends undelivered for good: its endpoint was deleted, so nothing more is ever sent for it. */
export class DeliveryAbandonedEvent implements DomainEvent {
  static readonly eventType = DeliveryEventType.abandoned;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: DeliveryAbandonedData,
  ) {}

  toData(): DeliveryAbandonedData {
    return { ...this.data };
  }
}
