import type { DomainEvent } from '../../platform/domain/domain-event';
import { JobCompletedEvent } from '../../jobs/events/job-completed.event';
import { RunCompletedEvent } from '../../runs/events/run-completed.event';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import type { DeliveryKind } from '../domain/delivery-kind';

export interface CompletionDelivery {
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  payload: string;
  completedAt: Date;
}

/** Where a completion event must be notified, or undefined when nowhere: a job or run without a
 * callback_url, or a step while no STEP_COMPLETE_WEBHOOK is configured. */
function deliveryTargetOf(
  event: DomainEvent,
  stepWebhook: string | undefined,
): { kind: DeliveryKind; subjectId: string; url: string } | undefined {
  if (event instanceof JobCompletedEvent && event.callbackUrl) return { kind: 'job', subjectId: event.jobId, url: event.callbackUrl };
  if (event instanceof RunCompletedEvent && event.callbackUrl) return { kind: 'run', subjectId: event.runId, url: event.callbackUrl };
  if (event instanceof StepCompletedEvent && stepWebhook) return { kind: 'step', subjectId: event.stepId, url: stepWebhook };
  return undefined;
}

/** What a completion event must send (the exact body), or undefined when it sends nothing. */
export function completionDeliveryFor(event: DomainEvent, stepWebhook: string | undefined): CompletionDelivery | undefined {
  const target = deliveryTargetOf(event, stepWebhook);
  if (!target) return undefined;
  const completedAt = event.occurredAt;
  let body: object = { step_id: target.subjectId };
  if (event instanceof JobCompletedEvent || event instanceof RunCompletedEvent) {
    const id = event instanceof JobCompletedEvent ? { job_id: event.jobId } : { run_id: event.runId };
    body = { ...id, status: event.status, completed_at: completedAt.toISOString(), metadata: event.metadata };
  }
  return { ...target, payload: JSON.stringify(body), completedAt };
}
