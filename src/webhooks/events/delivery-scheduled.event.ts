import type { DomainEvent } from '../../platform/domain/domain-event';
import { DeliveryEventType, type DeliveryScheduledData } from '../domain/delivery-events';

/** A delivery decided with the completion it notifies, in the same commit: the exact body every attempt sends. */
export class DeliveryScheduledEvent implements DomainEvent {
  static readonly eventType = DeliveryEventType.scheduled;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: DeliveryScheduledData,
  ) {}

  toData(): DeliveryScheduledData {
    return { ...this.data };
  }
}
