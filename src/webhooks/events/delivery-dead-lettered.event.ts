import { DeliveryEventType } from '../domain/delivery-events';
import { DeliveryAttemptEvent } from './delivery-attempt.event';

/** The attempt failed and no further one is planned. */
export class DeliveryDeadLetteredEvent extends DeliveryAttemptEvent {
  static readonly eventType = DeliveryEventType.deadLettered;
}
