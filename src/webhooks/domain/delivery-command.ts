import type { AttemptResult } from '../http/attempt-result';
import type { DeliveryKind } from './delivery-kind';
import type { AttemptVerdict } from './retry-policy';

export interface ScheduleDelivery {
  type: 'schedule';
  deliveryId: string;
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  destinationHost: string;
  payload: string;
  subjectCompletedAt: Date;
  /** The endpoint it was fanned out to, and the event type it carries (absent: a subject's own callback). */
  endpoint?: { endpointId: string; eventType: string };
  now: Date;
}

/** The result of attempt number `attempt` (the lease's), with the retry policy's verdict on it. */
export interface RecordAttempt {
  type: 'recordAttempt';
  deliveryId: string;
  attempt: number;
  result: AttemptResult;
  verdict: AttemptVerdict;
  now: Date;
}

export interface RequestRedelivery {
  type: 'redeliver';
  deliveryId: string;
  /** Someone holds a lease on it now: the new attempt starts as soon as that one is recorded. */
  attemptInFlight: boolean;
  now: Date;
  /** The bulk redelivery asking for it, if any. */
  operationId?: string;
}

/** Its subject's callback URL changed: the next attempt goes to `url`, now (or right after the one in flight). */
export interface RedirectDelivery {
  type: 'redirect';
  deliveryId: string;
  url: string;
  destinationHost: string;
  attemptInFlight: boolean;
  now: Date;
}

/** Nothing can be sent any more (its endpoint was deleted): it ends, with nothing planned, and is never sent again. */
export interface AbandonDelivery {
  type: 'abandon';
  deliveryId: string;
  reason: string;
  now: Date;
}

/** What may happen to a delivery: scheduled with its subject's completion, an attempt's result, a redelivery, a new URL, its end. */
export type DeliveryCommand = ScheduleDelivery | RecordAttempt | RequestRedelivery | RedirectDelivery | AbandonDelivery;
