import type { JobCallbackPayload, RunCallbackPayload } from './generated/api.js';

/** Every event type an endpoint can subscribe to (`GET /v1/event-types`); `job.*`, `run.*`, `step.*` and `*` match several. */
export const EVENT_TYPES = [
  'job.completed', 'job.failed', 'job.cancelled', 'job.expired',
  'run.completed', 'run.failed', 'run.cancelled',
  'step.success', 'step.failed', 'step.cancelled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a step event carries. */
export interface StepEventData {
  step_id: string;
  run_id: string;
  status: 'success' | 'failed' | 'cancelled';
  completed_at: string;
}

/** The data of each event type: a job's or run's is its callback payload. */
export type EventData<T extends EventType> = T extends `job.${string}` ? JobCallbackPayload : T extends `run.${string}` ? RunCallbackPayload : StepEventData;

/**
 * What an endpoint receives (a Standard Webhooks envelope), signed with the endpoint's own secret:
 * `verifyWebhook<EndpointEnvelope>(endpointSecret, rawBody, headers)` checks it — during a secret rotation either
 * secret verifies. A test event (`POST /v1/endpoints/{id}/test`) carries `test: true`.
 */
export type EndpointEnvelope<T extends EventType = EventType> = {
  [K in T]: { type: K; timestamp: string; data: EventData<K>; test?: true };
}[T];

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}
