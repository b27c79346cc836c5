import { Injectable } from '@nestjs/common';
import { JobCompletedEvent } from '../../jobs/events/job-completed.event';
import { AppConfig } from '../../platform/config/app-config';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { RunCompletedEvent } from '../../runs/events/run-completed.event';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import type { DeliveryKind } from '../domain/delivery-kind';
import type { WebhookRequest } from '../http/webhook-request';

/** What a completion must send, decided when it commits and stored with the delivery row. */
export interface CompletionDelivery {
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  destinationHost: string;
  /** The exact body, built once: every attempt and redelivery sends these bytes. */
  payload: string;
  completedAt: Date;
}

/** The stored part of a delivery that an attempt needs. */
export interface StoredDelivery {
  id: string;
  kind: DeliveryKind;
  url: string;
  payload: string;
}

/**
 * The one place that decides how a completion is notified: whether and where (a job or run's callback_url, the
 * step webhook), the body, and — per attempt — the timeout, the extra headers (the step key, never stored) and
 * whether the private-network guard applies (user-supplied URLs) or not (operator configuration).
 */
@Injectable()
export class DeliveryPolicy {
  constructor(private readonly config: AppConfig) {}

  /** Undefined when nothing is sent: a job or run without a callback_url, a step while no STEP_COMPLETE_WEBHOOK is set. */
  forCompletion(event: DomainEvent): CompletionDelivery | undefined {
    const completedAt = event.occurredAt;
    const delivery = (kind: DeliveryKind, subjectId: string, url: string, body: object): CompletionDelivery => ({
      kind, subjectId, url, destinationHost: new URL(url).host, payload: JSON.stringify(body), completedAt,
    });
    const at = completedAt.toISOString();
    if (event instanceof JobCompletedEvent && event.callbackUrl) {
      return delivery('job', event.jobId, event.callbackUrl, { job_id: event.jobId, status: event.status, completed_at: at, metadata: event.metadata });
    }
    if (event instanceof RunCompletedEvent && event.callbackUrl) {
      return delivery('run', event.runId, event.callbackUrl, { run_id: event.runId, status: event.status, completed_at: at, metadata: event.metadata });
    }
    if (event instanceof StepCompletedEvent && this.config.stepCompleteWebhook) {
      return delivery('step', event.stepId, this.config.stepCompleteWebhook, { step_id: event.stepId });
    }
    return undefined;
  }

  requestFor(delivery: StoredDelivery): WebhookRequest {
    const isStep = delivery.kind === 'step';
    const key = this.config.stepCompleteKey;
    return {
      webhookId: delivery.id,
      url: delivery.url,
      body: delivery.payload,
      timeoutMs: isStep ? this.config.stepWebhookTimeoutMs : this.config.callbackTimeoutMs,
      guarded: !isStep, // STEP_COMPLETE_WEBHOOK is operator configuration and trusted
      headers: isStep && key ? { authorization: `Bearer ${key}` } : {},
    };
  }
}
