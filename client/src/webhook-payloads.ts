import type { JobCallbackPayload, RunCallbackPayload, StepCallbackPayload, WebhookPayloads } from './generated/api.js';

/** The name of a webhook the service sends, as its OpenAPI document gives it: jobCompleted, runCompleted, stepCompleted. */
export type WebhookName = keyof WebhookPayloads;

/** Any body the service POSTs to a receiver. */
export type CallbackPayload = WebhookPayloads[WebhookName];

/** The headers of every webhook request, lower-case as Node.js gives them (a type, so it passes as a HeaderBag). */
export type WebhookHeaders = {
  'content-type': 'application/json';
  'user-agent': string;
  /** The delivery id: the same on every retry and redelivery. De-duplicate on it. */
  'webhook-id': string;
  /** Unix seconds when this attempt was signed. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256>`, when the sender has a signing secret. */
  'webhook-signature'?: string;
  /** `Bearer <STEP_COMPLETE_KEY>` on step webhooks, when that key is set. */
  authorization?: string;
};

export function isJobCallback(payload: CallbackPayload): payload is JobCallbackPayload {
  return 'job_id' in payload;
}

export function isRunCallback(payload: CallbackPayload): payload is RunCallbackPayload {
  return 'run_id' in payload;
}

export function isStepCallback(payload: CallbackPayload): payload is StepCallbackPayload {
  return 'step_id' in payload;
}

/** Which webhook a verified body is (by the id field it carries). */
export function webhookNameOf(payload: CallbackPayload): WebhookName {
  if (isJobCallback(payload)) return 'jobCompleted';
  if (isRunCallback(payload)) return 'runCompleted';
  return 'stepCompleted';
}
