import type { DomainEvent } from '../../platform/domain/domain-event';
import { DeliveryEventType, type DeliveryRedirectedData } from '../domain/delivery-events';

/** The undelivered callback goes to its subject's new callback URL, under the same webhook-id and body. */
export class DeliveryRedirectedEvent implements DomainEvent {
  static readonly eventType = DeliveryEventType.redirected;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: DeliveryRedirectedData,
  ) {}

  toData(): DeliveryRedirectedData {
    return { ...this.data };
  }
}
