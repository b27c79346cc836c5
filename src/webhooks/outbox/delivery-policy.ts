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
  endpointId: string | null;
}

/** Where an endpoint's signing secrets come from (the endpoints module registers itself: it depends on this one, not back). */
export interface EndpointSigningSecrets {
  /** The secrets that sign now, newest first. */
  secretsOf(endpointId: string): Promise<readonly Buffer[]>;
}

/**
 * The one place that decides how a completion is notified: whether and where (a job or run's callback_url, the
 * step webhook), the body, and — per attempt — the timeout, the extra headers (the step key, never stored) and
 * whether the private-network guard applies (user-supplied URLs) or not (operator configuration).
 */
@Injectable()
export class DeliveryPolicy {
  private endpointSecrets: EndpointSigningSecrets | undefined;

  constructor(private readonly config: AppConfig) {}

  signEndpointDeliveriesWith(secrets: EndpointSigningSecrets): void {
    this.endpointSecrets = secrets;
  }

  /** What the completion sends, from the event and its subject's state after it (see deliveryForCompletion). */
  forCompletion(event: DomainEvent, subject: CompletedSubject | undefined): CompletionDelivery | undefined {
    const completion = { type: eventTypeOf(event), streamId: event.streamId, data: event.toData(), occurredAt: event.occurredAt };
    return deliveryForCompletion(completion, subject, this.config.stepCompleteWebhook);
  }

  /**
   * The request an attempt sends: an endpoint's delivery signed with the endpoint's current secrets. Undefined when
   * the endpoint has none (it was deleted meanwhile): nothing may go out unsigned.
   */
  async attemptRequest(delivery: StoredDelivery): Promise<WebhookRequest | undefined> {
    const request = this.requestFor(delivery);
    if (delivery.endpointId === null) return request;
    if (!this.endpointSecrets) throw new Error('endpoint deliveries cannot be signed: no endpoint secrets are registered');
    const signingSecrets = await this.endpointSecrets.secretsOf(delivery.endpointId);
    return signingSecrets.length === 0 ? undefined : { ...request, signingSecrets };
  }

  /** The request without an endpoint's secrets (what the delivery detail shows). */
  requestFor(delivery: StoredDelivery): WebhookRequest {
    if (delivery.endpointId !== null) {
      return { webhookId: delivery.id, url: delivery.url, body: delivery.payload, timeoutMs: this.config.callbackTimeoutMs, guarded: true, headers: {} };
    }
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
