export { CallbackClient, type CallbackClientOptions, type CallOptions, type FollowEventsOptions, type ListQuery } from './client.js';
export { PagedList, type Page } from './paged-list.js';
export { CLIENT_METHODS } from './client-methods.js';
export type { EndpointDisabledCause } from './endpoint-disabled-cause.js';
export { EVENT_TYPES, isEventType, type EndpointEnvelope, type EventData, type EventType, type StepEventData } from './endpoint-events.js';
export {
  CallbackApiError,
  CallbackAuthenticationError,
  CallbackConflictError,
  CallbackHistoryPurgedError,
  CallbackNetworkError,
  CallbackNotFoundError,
  CallbackRateLimitedError,
  CallbackUnavailableError,
  CallbackValidationError,
} from './errors.js';
export type * from './generated/api.js';
export { expressWebhookHandler, nestWebhookHandler, registerFastifyWebhook } from './receivers.js';
export type { ServerSentEvent } from './server-sent-events.js';
export {
  isJobCallback,
  isRunCallback,
  isStepCallback,
  webhookNameOf,
  type CallbackPayload,
  type WebhookHeaders,
  type WebhookName,
} from './webhook-payloads.js';
export {
  createWebhookReceiver,
  InvalidWebhookError,
  MemoryDeduplicationStore,
  verifyWebhook,
  type DeduplicationStore,
  type HeaderBag,
  type ReceiverAnswer,
  type VerifiedWebhook,
  type WebhookReceiverOptions,
} from './webhooks.js';
