import { DeliveryEventType } from '../domain/delivery-events';
import { DeliveryAttemptEvent } from './delivery-attempt.event';

/** The receiver answered 2xx. */
export class DeliverySucceededEvent extends DeliveryAttemptEvent {
  static readonly eventType = DeliveryEventType.succeeded;
}
