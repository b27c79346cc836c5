export { CallbackClient, type CallbackClientOptions, type CallOptions, type FollowEventsOptions } from './client';
export { CLIENT_METHODS } from './client-methods';
export { CallbackApiError, CallbackNetworkError } from './errors';
export type * from './generated/api';
export { expressWebhookHandler, nestWebhookHandler, registerFastifyWebhook } from './receivers';
export type { ServerSentEvent } from './server-sent-events';
export {
  createWebhookReceiver,
  InvalidWebhookError,
  MemoryDeduplicationStore,
  verifyWebhook,
  type DeduplicationStore,
  type ReceiverAnswer,
  type VerifiedWebhook,
  type WebhookReceiverOptions,
} from './webhooks';
