import { inJsonbKeyOrder } from '../../platform/domain/jsonb-key-order';
import type { Metadata } from '../../platform/domain/metadata';
import type { DeliveryKind } from '../domain/delivery-kind';

/** A completion as the log holds it. */
export interface Completion {
  type: string;
  streamId: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** What the completed subject's stream says (its fold through the completion): where to call back, and its metadata. */
export interface CompletedSubject {
  callbackUrl?: string | null;
  metadata?: Metadata;
}

/** What a completion must send, decided when it commits and stored in its DeliveryScheduled event. */
export interface CompletionDelivery {
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  destinationHost: string;
  /** The exact body, built once: every attempt and redelivery sends these bytes. */
  payload: string;
  completedAt: Date;
}

/**
 * The one mapping from a completion to the delivery it schedules, from nothing but the log (the completion event
 * and the fold of its subject's stream) and the step webhook's configuration: so every DeliveryScheduled can be
 * derived again from the events before it. Undefined when nothing is sent: a job or run without a callback_url,
 * a step while no STEP_COMPLETE_WEBHOOK is set, any other event.
 */
export function deliveryForCompletion(completion: Completion, subject: CompletedSubject | undefined, stepCompleteWebhook: string | undefined): CompletionDelivery | undefined {
  const { type, streamId, data, occurredAt: completedAt } = completion;
  const delivery = (kind: DeliveryKind, url: string, body: object): CompletionDelivery => ({
    kind, subjectId: streamId, url, destinationHost: new URL(url).host, payload: JSON.stringify(body), completedAt,
  });
  const at = completedAt.toISOString();
  const callbackUrl = subject?.callbackUrl;
  const metadata = inJsonbKeyOrder(subject?.metadata ?? {});
  if (type === 'JobCompleted' && callbackUrl) return delivery('job', callbackUrl, { job_id: streamId, status: data.status, completed_at: at, metadata });
  if (type === 'RunCompleted' && callbackUrl) return delivery('run', callbackUrl, { run_id: streamId, status: data.status, completed_at: at, metadata });
  if (type === 'StepCompleted' && stepCompleteWebhook) return delivery('step', stepCompleteWebhook, { step_id: streamId });
  return undefined;
}
