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

/**
 * What a completion event must send, or undefined when it sends nothing: a job or run without a
 * callback_url, or a step while no STEP_COMPLETE_WEBHOOK is configured.
 */
export function completionDeliveryFor(event: DomainEvent, stepWebhook: string | undefined): CompletionDelivery | undefined {
  const completedAt = event.occurredAt;
  if (event instanceof JobCompletedEvent && event.callbackUrl) {
    const body = { job_id: event.jobId, status: event.status, completed_at: completedAt.toISOString(), metadata: event.metadata };
    return { kind: 'job', subjectId: event.jobId, url: event.callbackUrl, payload: JSON.stringify(body), completedAt };
  }
  if (event instanceof RunCompletedEvent && event.callbackUrl) {
    const body = { run_id: event.runId, status: event.status, completed_at: completedAt.toISOString(), metadata: event.metadata };
    return { kind: 'run', subjectId: event.runId, url: event.callbackUrl, payload: JSON.stringify(body), completedAt };
  }
  if (event instanceof StepCompletedEvent && stepWebhook) {
    return { kind: 'step', subjectId: event.stepId, url: stepWebhook, payload: JSON.stringify({ step_id: event.stepId }), completedAt };
  }
  return undefined;
}
