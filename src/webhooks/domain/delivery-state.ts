import type { DeliveryKind, DeliveryStatus } from './delivery-kind';
import type { DeliveryAttemptData } from './delivery-events';

/** A delivery as its stream says (timestamps of the event data as written: ISO text). Never 'delivering': a lease is not a fact. */
export interface DeliveryState {
  id: string;
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  destinationHost: string;
  payload: string;
  subjectCompletedAt: string;
  /** The endpoint it was fanned out to and the event type (null: a subject's own callback). */
  endpointId: string | null;
  eventType: string | null;
  status: Exclude<DeliveryStatus, 'delivering'>;
  /** Attempts recorded; the next one is number attemptCount + 1. */
  attemptCount: number;
  /** When the next attempt is due; null when none is planned. */
  nextAttemptAt: string | null;
  lastAttempt: DeliveryAttemptData | null;
  /**
   * When a redelivery was asked for while an attempt was in flight (null: none waits): an attempt that started
   * before it makes the next one due as soon as it is recorded; one that started after it was the redelivery.
   */
  redeliveryRequestedAt: Date | null;
  /** The bulk redelivery that last asked for it (null: none did). */
  redeliveryOperationId: string | null;
  succeededAt: string | null;
  /** Why it was abandoned (its endpoint deleted): nothing is planned or ever sent again. Null: not abandoned. */
  abandonedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}
