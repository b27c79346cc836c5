/**
 * The facts of a delivery, recorded on its own stream ('delivery', the delivery id): scheduled with the
 * completion that it notifies, then one event per attempt, named for what the attempt led to. The deliveries and
 * delivery_attempts tables and the jobs/runs callback_* columns are derived from these.
 */
export const DeliveryEventType = {
  scheduled: 'DeliveryScheduled',
  /** The attempt failed and another is planned at `next_attempt_at`. */
  attemptFailed: 'DeliveryAttemptFailed',
  succeeded: 'DeliverySucceeded',
  /** The attempt failed and no further one is planned (the retry schedule is spent, or the failure is final). */
  deadLettered: 'DeliveryDeadLettered',
  redeliveryRequested: 'RedeliveryRequested',
  /** Its subject's callback URL was changed before it was delivered: attempts go to the new one, due now. */
  redirected: 'DeliveryRedirected',
  /** Nothing can be sent any more (its endpoint was deleted): no attempt is planned, none is ever made again. */
  abandoned: 'DeliveryAbandoned',
} as const;

/** What an attempt led to, as its event's type says. */
export const ATTEMPT_OUTCOMES = ['succeeded', 'retrying', 'dead_lettered'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const OUTCOME_OF_EVENT: Record<string, AttemptOutcome> = {
  [DeliveryEventType.succeeded]: 'succeeded',
  [DeliveryEventType.attemptFailed]: 'retrying',
  [DeliveryEventType.deadLettered]: 'dead_lettered',
};

export interface DeliveryScheduledData {
  delivery_id: string;
  kind: 'job' | 'run' | 'step';
  subject_id: string;
  url: string;
  destination_host: string;
  /** The exact request body every attempt sends. */
  payload: string;
  subject_completed_at: string;
  /** Absent for a subject's own callback (job/run callback_url, the step webhook). */
  endpoint_id?: string;
  event_type?: string;
}

/** The data of DeliveryAttemptFailed, DeliverySucceeded and DeliveryDeadLettered. */
export interface DeliveryAttemptData {
  delivery_id: string;
  attempt: number;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  /**
   * What the receiver answered is not in the event: it is kept beside the log (response_bodies) for a shorter time.
   * Events written before 2026-12-03 had it here; the migration ResponseBodiesOutOfTheLog moved it out.
   */
  /** What was kept of the response's headers (credentials redacted); absent in events written before they were kept. */
  response_headers?: Record<string, string> | null;
  /** When the next attempt is due (a redelivery asked for during this attempt makes it due at once). */
  next_attempt_at: string | null;
}

export interface RedeliveryRequestedData {
  delivery_id: string;
  /** Null when an attempt was in flight: the next attempt then starts as soon as that one is recorded. */
  next_attempt_at: string | null;
  /** The bulk redelivery that asked for it (absent for a redelivery of one delivery). */
  operation_id?: string;
}

export interface DeliveryRedirectedData {
  delivery_id: string;
  url: string;
  destination_host: string;
  /** Null when an attempt was in flight: the next attempt, to the new URL, starts as soon as that one is recorded. */
  next_attempt_at: string | null;
}

export interface DeliveryAbandonedData {
  delivery_id: string;
  reason: string;
}
