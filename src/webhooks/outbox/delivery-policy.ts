import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { type DomainEvent, eventTypeOf } from '../../platform/domain/domain-event';
import { type CompletedSubject, type CompletionDelivery, deliveryForCompletion } from './completion-delivery';
import type { DeliveryKind } from '../domain/delivery-kind';
import type { WebhookRequest } from '../http/webhook-request';

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

  /** What the completion sends, from the event and its subject's state after it (see deliveryForCompletion). */
  forCompletion(event: DomainEvent, subject: CompletedSubject | undefined): CompletionDelivery | undefined {
    const completion = { type: eventTypeOf(event), streamId: event.streamId, data: event.toData(), occurredAt: event.occurredAt };
    return deliveryForCompletion(completion, subject, this.config.stepCompleteWebhook);
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
