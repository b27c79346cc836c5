import { DeliveryEventType } from '../domain/delivery-events';
import { DeliveryAttemptEvent } from './delivery-attempt.event';

/** The attempt failed and another is planned at next_attempt_at. */
export class DeliveryAttemptFailedEvent extends DeliveryAttemptEvent {
  static readonly eventType = DeliveryEventType.attemptFailed;
}
