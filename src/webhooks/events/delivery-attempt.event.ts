import type { DomainEvent } from '../../platform/domain/domain-event';
import type { DeliveryAttemptData } from '../domain/delivery-events';

/** One recorded attempt; the subclass's type says what it led to. Occurs when the attempt finished. */
export abstract class DeliveryAttemptEvent implements DomainEvent {
  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: DeliveryAttemptData,
  ) {}

  toData(): DeliveryAttemptData {
    return { ...this.data };
  }
}
