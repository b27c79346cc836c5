// Generated from the service's OpenAPI document by test/support/openapi-to-typescript.ts: do not edit by hand.
// Regenerate with `UPDATE_CLIENT_TYPES=1 npm test -- test/client/openapi-drift` after changing the API.
/* eslint-disable */

export type ApiErrorResponse = {
  /** The HTTP status again. */
  statusCode: number;
  /** The status's reason phrase. */
  error: string;
  /** What went wrong, for a person. */
  message: string;
  /** The input at fault: a body field (dotted path), a query parameter, `id`, `body`, `content-type`, `authorization`, `idempotency-key`, `status`. */
  field?: string;
  /** Set on errors told apart by more than the status: `unreadable_event`, `history_purged`. */
  code?: string;
  /** On a 410 from the event feed (`history_purged`): the sequence after which the feed is whole; read on with `after` set to it. */
  history_starts_after?: string;
  /** On a 500: the request id to quote (also in the `x-request-id` header of every answer). */
  request_id?: string;
};

export type BacklogResponse = {
  pending: number;
  retrying: number;
  delivering: number;
  dead_letters: number;
  oldest_due_age_seconds: number;
};

export type CompleteStepRequest = {
  status: "success" | "failed" | "cancelled";
  /** Why the step failed. */
  error?: string;
  /** What the step measured, names to finite numbers (e.g. duration_ms, tokens_in, tokens_out); a JSON object of at most 64 KiB. Recorded with the completion, before its webhook is sent. */
  metrics?: Record<string, number>;
};

export type CreateEndpointRequest = {
  /** Receives a signed POST for each event it subscribed to. The same rules as a callback_url. */
  url: string;
  description?: string;
  /** What it receives: event types (job.completed, job.failed, job.cancelled, job.expired, run.completed, run.failed, run.cancelled, step.success, step.failed, step.cancelled), `job.*`-style wildcards, or `*`. Absent: every type. */
  event_types?: string[];
  /** false: created paused (events are held until it is enabled). */
  enabled?: boolean;
  /** At most this many requests per second to it, across all replicas (absent/null: no limit). */
  rate_limit?: number | null;
  /** Its own retry delays, in WEBHOOK_RETRY_SCHEDULE's syntax (absent/null: the service's). */
  retry_schedule?: string | null;
  /** Backfill: a feed `sequence` (every matching event numbered from it on) or an ISO time (every matching event since then) — sent in the order they committed, then everything new. Absent: events from its creation on. */
  since?: unknown;
  /** Free-form JSON object, at most 64 KiB. */
  metadata?: Record<string, unknown>;
};

export type CreateJobRequest = {
  /** Receives a POST when the job first reaches a terminal status. */
  callback_url?: string;
  /** Free-form JSON object, at most 64 KiB. */
  metadata?: Record<string, unknown>;
};

export type CreateRunRequest = {
  /** The agent this run belongs to. */
  agent_id?: string;
  /** Receives a POST when the run first reaches a terminal status. */
  callback_url?: string;
  /** Free-form JSON object, at most 64 KiB. */
  metadata?: Record<string, unknown>;
};

export type CreateStepRequest = {
  /** Free-form JSON object, at most 64 KiB. */
  metadata?: Record<string, unknown>;
};

export type DeliveryAttemptResponse = {
  /** 1 for the first attempt. */
  number: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  /** What the attempt led to: retrying means another attempt is planned. */
  outcome: "succeeded" | "retrying" | "dead_lettered";
  /** The first 1 KiB of the response body. */
  response_body: string | null;
  /** The request headers this attempt sent, signature included; credentials from configuration (the step key) shown as [redacted]. */
  request_headers: Record<string, string>;
  /** The response headers (names lowercased, at most 32, values cut at 256 characters; cookies, authorization and anything naming a token, secret, key, session or signature shown as [redacted]); null when no response came. */
  response_headers: Record<string, string> | null;
};

export type DeliveryDetailResponse = {
  /** Also the webhook-id header, the same on every attempt and redelivery. */
  id: string;
  kind: "job" | "run" | "step";
  /** The job, run or step this delivery notifies about. */
  subject_id: string;
  url: string;
  /** The URL's host[:port]; concurrency limits and the deliveries filter `host` use it. */
  destination_host: string;
  status: "pending" | "delivering" | "retrying" | "succeeded" | "dead_lettered";
  /** The exact JSON body sent. */
  payload: Record<string, unknown>;
  attempt_count: number;
  /** When the next retry is due; null when none is planned. */
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  /** The subject's completed_at: what delivery latency is measured from. */
  subject_completed_at: string;
  created_at: string;
  succeeded_at: string | null;
  /** The endpoint it was fanned out to; null for a job's or run's own callback_url or the step webhook. */
  endpoint_id: string | null;
  /** The event type an endpoint delivery carries; null for callbacks. */
  event_type: string | null;
  attempts: DeliveryAttemptResponse[];
};

export type DeliveryPage = {
  /** This page of the list, in the list's order. */
  data: DeliveryResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type DeliveryResponse = {
  /** Also the webhook-id header, the same on every attempt and redelivery. */
  id: string;
  kind: "job" | "run" | "step";
  /** The job, run or step this delivery notifies about. */
  subject_id: string;
  url: string;
  /** The URL's host[:port]; concurrency limits and the deliveries filter `host` use it. */
  destination_host: string;
  status: "pending" | "delivering" | "retrying" | "succeeded" | "dead_lettered";
  /** The exact JSON body sent. */
  payload: Record<string, unknown>;
  attempt_count: number;
  /** When the next retry is due; null when none is planned. */
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  /** The subject's completed_at: what delivery latency is measured from. */
  subject_completed_at: string;
  created_at: string;
  succeeded_at: string | null;
  /** The endpoint it was fanned out to; null for a job's or run's own callback_url or the step webhook. */
  endpoint_id: string | null;
  /** The event type an endpoint delivery carries; null for callbacks. */
  event_type: string | null;
};

export type DeliveryStatsResponse = {
  /** Start of the first minute covered. */
  since: string;
  /** Minutes with at least one attempt, oldest first. */
  minutes: MinuteStatsResponse[];
  /** Per endpoint, or per callback URL without its query; failing first. */
  destinations: DestinationStatsResponse[];
  backlog: BacklogResponse;
};

export type DestinationStatsResponse = {
  /** Scheme, host and path of its latest attempt (no query string). */
  url: string;
  host: string;
  /** The endpoint, when this destination is one; null for a callback URL. */
  endpoint_id: string | null;
  attempts: number;
  /** Share of attempts that succeeded, 0–1. */
  success_rate: number;
  p99_latency_ms: number | null;
  /** Failed attempts since the last success. */
  failing_streak: number;
  last_attempt_at: string;
};

export type EndpointHealthPage = {
  /** This page of the list, in the list's order. */
  data: EndpointHealthResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type EndpointHealthResponse = {
  endpoint_id: string;
  /** disabled (paused, or by the service: see disabled_cause); failing: its last attempt failed; else healthy. */
  state: "healthy" | "failing" | "disabled";
  disabled_reason: string | null;
  /** The endpoint's disabled_cause: paused, failing, or null while enabled. */
  disabled_cause: ("paused" | "failing") | null;
  /** The window the attempt figures cover. */
  window_minutes: number;
  /** Attempts that finished in the window. */
  attempts: number;
  /** Succeeded ÷ attempts in the window (null without attempts). */
  success_rate: number | null;
  /** Request duration (sent → answered) of the window's attempts. */
  p50_duration_ms: number | null;
  p99_duration_ms: number | null;
  /** Failed attempts since its last success. */
  failing_streak: number;
  /** When the first failure after its last success started. */
  failing_since: string | null;
  last_success_at: string | null;
  last_failure_at: string | null;
  /** While its circuit is open: until when its attempts are held (then one probes). Null: closed. */
  circuit_open_until: string | null;
};

export type EndpointPage = {
  /** This page of the list, in the list's order. */
  data: EndpointResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type EndpointResponse = {
  id: string;
  url: string;
  description: string;
  /** What it subscribed to; null: every event type. */
  event_types: string[] | null;
  /** false while paused: matching events are held and sent when it is enabled again. */
  enabled: boolean;
  /** Why it is disabled (null while enabled). */
  disabled_reason: string | null;
  /** Why it is disabled, for machines: paused (through the API: PATCH enabled: false, or created with enabled: false), failing (the service disabled it after ENDPOINT_DISABLE_AFTER of failed attempts); null while enabled. */
  disabled_cause: ("paused" | "failing") | null;
  /** Requests per second across all replicas (null: no limit). */
  rate_limit: number | null;
  /** Its own retry delays (null: the service's WEBHOOK_RETRY_SCHEDULE). */
  retry_schedule: string | null;
  metadata: Record<string, unknown>;
  /** When its secret was last rotated (null: never). */
  secret_rotated_at: string | null;
  /** Until when the secret that rotation replaced still signs beside the current one (null: never rotated). */
  previous_secret_expires_at: string | null;
  created_at: string;
  updated_at: string;
};

export type EndpointSecretResponse = {
  /** Verify webhook-signature with it (Standard Webhooks). */
  secret: string;
};

export type EventTypeList = {
  data: EventTypeResponse[];
};

export type EventTypeResponse = {
  name: "job.completed" | "job.failed" | "job.cancelled" | "job.expired" | "run.completed" | "run.failed" | "run.cancelled" | "step.success" | "step.failed" | "step.cancelled";
  description: string;
  /** An example of the envelope an endpoint receives: `type`, `timestamp`, `data`. */
  example: Record<string, unknown>;
};

export type FeedEventResponse = {
  /** Position in the global event log. */
  sequence: number;
  /** Position in this stream, from 1. */
  version: number;
  type: string;
  /** The shape of `data`: its type's current schema version (older events are upcast). */
  schema_version: number;
  data: Record<string, unknown>;
  occurred_at: string;
  stream_type: "job" | "run" | "step" | "delivery" | "operation" | "endpoint";
  stream_id: string;
};

export type JobCallbackPayload = {
  job_id: string;
  status: "completed" | "failed" | "cancelled" | "expired";
  /** The job's stored completed_at. */
  completed_at: string;
  /** The job's metadata after its final update, keys in the API's (jsonb) order. */
  metadata: Record<string, unknown>;
};

export type JobPage = {
  /** This page of the list, in the list's order. */
  data: JobResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type JobResponse = {
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  metadata: Record<string, unknown>;
  callback_url: string | null;
  /** When the latest callback attempt started. */
  callback_sent_at: string | null;
  /** HTTP status of the latest attempt; null when no response came. */
  callback_status_code: number | null;
  /** Why the latest attempt failed; null after a 2xx. */
  callback_error: string | null;
  id: string;
  status: "created" | "running" | "completed" | "failed" | "cancelled" | "expired";
};

export type MinuteStatsResponse = {
  minute: string;
  /** Attempts that succeeded. */
  succeeded: number;
  /** Attempts that failed with another one planned. */
  retrying: number;
  /** Attempts that failed with none planned. */
  dead_lettered: number;
  /** completed_at → success, of the successes in this minute. */
  p50_latency_ms: number | null;
  p99_latency_ms: number | null;
};

export type OperationResponse = {
  id: string;
  kind: "redelivery";
  /** `running` until every matched delivery was asked for again (`done`) or it was cancelled. */
  state: "running" | "done" | "cancelled";
  /** The filter it was started with. */
  filter: Record<string, unknown>;
  /** Deliveries the filter matched when it started (created before it). */
  matched: number;
  /** Deliveries asked for again so far (a delivery that no longer matched when its turn came is skipped). */
  scheduled: number;
  /** Of those, delivered since (their latest attempt was answered 2xx). */
  succeeded: number;
  /** Of those, failed again with no attempt left (dead-lettered again). */
  failed: number;
  created_at: string;
  finished_at: string | null;
};

export type RedeliveryStartedResponse = {
  /** Follow it at GET /v1/operations/{operation_id}. */
  operation_id: string;
  /** Deliveries the filter matched (created before the request). */
  matched: number;
};

export type RotateEndpointSecretRequest = {
  /** The new secret (`whsec_` and 24 to 64 bytes of base64); absent: one is generated. */
  secret?: string;
};

export type RunCallbackPayload = {
  run_id: string;
  status: "completed" | "failed" | "cancelled";
  /** The run's stored completed_at. */
  completed_at: string;
  /** The run's metadata after its final update, keys in the API's (jsonb) order. */
  metadata: Record<string, unknown>;
};

export type RunPage = {
  /** This page of the list, in the list's order. */
  data: RunResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type RunResponse = {
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  metadata: Record<string, unknown>;
  callback_url: string | null;
  /** When the latest callback attempt started. */
  callback_sent_at: string | null;
  /** HTTP status of the latest attempt; null when no response came. */
  callback_status_code: number | null;
  /** Why the latest attempt failed; null after a 2xx. */
  callback_error: string | null;
  id: string;
  agent_id: string | null;
  status: "created" | "running" | "completed" | "failed" | "cancelled";
};

export type SecretRotatedResponse = {
  /** From now on deliveries are signed with the new secret. */
  rotated_at: string;
  /** Until then they carry a second signature, by the secret it replaced (ENDPOINT_SECRET_OVERLAP). */
  previous_secret_expires_at: string;
};

export type SendTestEventRequest = {
  /** Which example event to send. */
  event_type?: "job.completed" | "job.failed" | "job.cancelled" | "job.expired" | "run.completed" | "run.failed" | "run.cancelled" | "step.success" | "step.failed" | "step.cancelled";
};

export type StartRedeliveryRequest = {
  /** Only those whose metadata has this key (with `metadata_value`: that value). */
  metadata_key?: string;
  /** With `metadata_key`: the value, as text or the number or boolean it spells (`42` finds 42 and "42"). */
  metadata_value?: string;
  kind?: "job" | "run" | "step";
  /** Only deliveries to this destination host (host[:port], as in the URL). */
  host?: string;
  /** Only deliveries whose URL starts with this: host, port and path, with or without the scheme. */
  url?: string;
  /** Only deliveries about this job, run or step. */
  subject_id?: string;
  /** Only deliveries whose subject's id starts with this. */
  subject_id_prefix?: string;
  /** Only deliveries fanned out to this endpoint. */
  endpoint_id?: string;
  /** Only deliveries created at or after this time. */
  since?: string;
  /** Only deliveries created before this time. */
  until?: string;
  /** Usually `dead_lettered`. */
  status?: "pending" | "retrying" | "succeeded" | "dead_lettered";
  /** Only deliveries whose last attempt was answered with this HTTP status code. */
  status_code?: number;
};

export type StepCallbackPayload = {
  /** Read the step (GET /v1/steps/{id}) for its status. */
  step_id: string;
};

export type StepPage = {
  /** This page of the list, in the list's order. */
  data: StepResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type StepResponse = {
  id: string;
  run_id: string;
  status: "pending" | "success" | "failed" | "cancelled";
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  error: string | null;
  metadata: Record<string, unknown>;
  /** What the step reported when it completed (names to numbers); empty while pending or when it reported none. */
  metrics: Record<string, number>;
};

export type StoredEventPage = {
  /** This page of the list, in the list's order. */
  data: StoredEventResponse[];
  /** Send it as `cursor` for the next page (opaque); null on the last page. */
  next_cursor: string | null;
  /** Whether another page follows (read with `next_cursor`). */
  has_more: boolean;
};

export type StoredEventResponse = {
  /** Position in the global event log. */
  sequence: number;
  /** Position in this stream, from 1. */
  version: number;
  type: string;
  /** The shape of `data`: its type's current schema version (older events are upcast). */
  schema_version: number;
  data: Record<string, unknown>;
  occurred_at: string;
};

export type TestEventResultResponse = {
  /** The webhook-id the test request carried. */
  webhook_id: string;
  /** Whether the receiver answered 2xx. */
  ok: boolean;
  status_code: number | null;
  /** What went wrong (null after a 2xx). */
  error: string | null;
  duration_ms: number;
  /** The first 1 KiB of the answer, as text. */
  response_body: string | null;
};

export type UpdateEndpointRequest = {
  /** Its deliveries still waiting (pending, retrying) go here too, at once; its circuit starts closed. */
  url?: string;
  description?: string;
  /** The new subscription; null: every type. */
  event_types?: string[] | null;
  /** false pauses it (matching events are held, nothing is dropped); true resumes it and sends what was held. */
  enabled?: boolean;
  /** At most this many requests per second to it, across all replicas (null: no limit). */
  rate_limit?: number | null;
  /** Its own retry delays, in WEBHOOK_RETRY_SCHEDULE's syntax (null: the service's). */
  retry_schedule?: string | null;
  /** Replaces its metadata. */
  metadata?: Record<string, unknown>;
};

export type UpdateJobRequest = {
  status?: "created" | "running" | "completed" | "failed" | "cancelled" | "expired";
  /** Merged into the stored metadata; keys given here win. */
  metadata?: Record<string, unknown>;
  /** Re-points the callback: it goes to this URL from now on. An undelivered callback (pending, retrying or a dead letter) is sent there at once under the same webhook-id; once delivered, a change is a 409. */
  callback_url?: string;
};

export type UpdateRunRequest = {
  status?: "created" | "running" | "completed" | "failed" | "cancelled";
  /** Merged into the stored metadata; keys given here win. */
  metadata?: Record<string, unknown>;
  /** Re-points the callback: it goes to this URL from now on. An undelivered callback (pending, retrying or a dead letter) is sent there at once under the same webhook-id; once delivered, a change is a 409. */
  callback_url?: string;
};

export interface Operations {
  addStep: {
    method: 'POST';
    path: '/v1/runs/{runId}/steps';
    status: 201;
    pathParams: {
      runId: string;
    };
    query: never;
    body: CreateStepRequest;
    response: StepResponse;
  };
  cancelJob: {
    method: 'POST';
    path: '/v1/jobs/{id}/cancel';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: JobResponse;
  };
  cancelOperation: {
    method: 'POST';
    path: '/v1/operations/{id}/cancel';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: OperationResponse;
  };
  cancelRun: {
    method: 'POST';
    path: '/v1/runs/{id}/cancel';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: RunResponse;
  };
  completeStep: {
    method: 'PATCH';
    path: '/v1/steps/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: CompleteStepRequest;
    response: StepResponse;
  };
  createEndpoint: {
    method: 'POST';
    path: '/v1/endpoints';
    status: 201;
    pathParams: never;
    query: never;
    body: CreateEndpointRequest;
    response: EndpointResponse;
  };
  createJob: {
    method: 'POST';
    path: '/v1/jobs';
    status: 201;
    pathParams: never;
    query: never;
    body: CreateJobRequest;
    response: JobResponse;
  };
  createRun: {
    method: 'POST';
    path: '/v1/runs';
    status: 201;
    pathParams: never;
    query: never;
    body: CreateRunRequest;
    response: RunResponse;
  };
  deleteEndpoint: {
    method: 'DELETE';
    path: '/v1/endpoints/{id}';
    status: 204;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: string;
  };
  getDelivery: {
    method: 'GET';
    path: '/v1/deliveries/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: DeliveryDetailResponse;
  };
  getDeliveryStats: {
    method: 'GET';
    path: '/v1/deliveries/stats';
    status: 200;
    pathParams: never;
    query: {
      minutes?: number;
    };
    body: never;
    response: DeliveryStatsResponse;
  };
  getEndpoint: {
    method: 'GET';
    path: '/v1/endpoints/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: EndpointResponse;
  };
  getEndpointHealth: {
    method: 'GET';
    path: '/v1/endpoints/{id}/health';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      minutes?: number;
    };
    body: never;
    response: EndpointHealthResponse;
  };
  getEndpointSecret: {
    method: 'GET';
    path: '/v1/endpoints/{id}/secret';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: EndpointSecretResponse;
  };
  getEventTypes: {
    method: 'GET';
    path: '/v1/event-types';
    status: 200;
    pathParams: never;
    query: never;
    body: never;
    response: EventTypeList;
  };
  getJob: {
    method: 'GET';
    path: '/v1/jobs/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: JobResponse;
  };
  getOperation: {
    method: 'GET';
    path: '/v1/operations/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: OperationResponse;
  };
  getRun: {
    method: 'GET';
    path: '/v1/runs/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: RunResponse;
  };
  getStep: {
    method: 'GET';
    path: '/v1/steps/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: StepResponse;
  };
  listDeliveries: {
    method: 'GET';
    path: '/v1/deliveries';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      cursor?: string;
      metadata_key?: string;
      metadata_value?: string;
      kind?: "job" | "run" | "step";
      host?: string;
      url?: string;
      subject_id?: string;
      subject_id_prefix?: string;
      endpoint_id?: string;
      since?: string;
      until?: string;
      status?: "pending" | "delivering" | "retrying" | "succeeded" | "dead_lettered";
      status_code?: number;
    };
    body: never;
    response: DeliveryPage;
  };
  listEndpoints: {
    method: 'GET';
    path: '/v1/endpoints';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: EndpointPage;
  };
  listEndpointsHealth: {
    method: 'GET';
    path: '/v1/endpoints/health';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      cursor?: string;
      minutes?: number;
    };
    body: never;
    response: EndpointHealthPage;
  };
  listEvents: {
    method: 'GET';
    path: '/v1/events';
    status: 200;
    pathParams: never;
    query: {
      after?: number;
      limit?: number;
      type?: string;
    };
    body: never;
    response: FeedEventResponse[];
  };
  listJobDeliveries: {
    method: 'GET';
    path: '/v1/jobs/{id}/deliveries';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: DeliveryPage;
  };
  listJobEvents: {
    method: 'GET';
    path: '/v1/jobs/{id}/events';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: StoredEventPage;
  };
  listJobs: {
    method: 'GET';
    path: '/v1/jobs';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      cursor?: string;
      metadata_key?: string;
      metadata_value?: string;
      id_prefix?: string;
      status?: "created" | "running" | "completed" | "failed" | "cancelled" | "expired";
    };
    body: never;
    response: JobPage;
  };
  listRunDeliveries: {
    method: 'GET';
    path: '/v1/runs/{id}/deliveries';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: DeliveryPage;
  };
  listRunEvents: {
    method: 'GET';
    path: '/v1/runs/{id}/events';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: StoredEventPage;
  };
  listRuns: {
    method: 'GET';
    path: '/v1/runs';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      cursor?: string;
      metadata_key?: string;
      metadata_value?: string;
      id_prefix?: string;
      status?: "created" | "running" | "completed" | "failed" | "cancelled";
      agent_id?: string;
    };
    body: never;
    response: RunPage;
  };
  listRunSteps: {
    method: 'GET';
    path: '/v1/runs/{runId}/steps';
    status: 200;
    pathParams: {
      runId: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: StepPage;
  };
  listStepDeliveries: {
    method: 'GET';
    path: '/v1/steps/{id}/deliveries';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: DeliveryPage;
  };
  listStepEvents: {
    method: 'GET';
    path: '/v1/steps/{id}/events';
    status: 200;
    pathParams: {
      id: string;
    };
    query: {
      limit?: number;
      cursor?: string;
    };
    body: never;
    response: StoredEventPage;
  };
  redeliver: {
    method: 'POST';
    path: '/v1/deliveries/{id}/redeliver';
    status: 202;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: DeliveryResponse;
  };
  redeliverMatching: {
    method: 'POST';
    path: '/v1/deliveries/redeliver';
    status: 202;
    pathParams: never;
    query: never;
    body: StartRedeliveryRequest;
    response: RedeliveryStartedResponse;
  };
  rotateEndpointSecret: {
    method: 'POST';
    path: '/v1/endpoints/{id}/secret/rotate';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: RotateEndpointSecretRequest;
    response: SecretRotatedResponse;
  };
  sendTestEvent: {
    method: 'POST';
    path: '/v1/endpoints/{id}/test';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: SendTestEventRequest;
    response: TestEventResultResponse;
  };
  streamDeliveries: {
    method: 'GET';
    path: '/v1/deliveries/stream';
    status: 200;
    pathParams: never;
    query: never;
    body: never;
    response: string;
  };
  updateEndpoint: {
    method: 'PATCH';
    path: '/v1/endpoints/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateEndpointRequest;
    response: EndpointResponse;
  };
  updateJob: {
    method: 'PATCH';
    path: '/v1/jobs/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateJobRequest;
    response: JobResponse;
  };
  updateRun: {
    method: 'PATCH';
    path: '/v1/runs/{id}';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: UpdateRunRequest;
    response: RunResponse;
  };
}

/** Every operation's method and path template, as the document gives them. */
export const OPERATIONS = {
  addStep: { method: 'POST', path: '/v1/runs/{runId}/steps' },
  cancelJob: { method: 'POST', path: '/v1/jobs/{id}/cancel' },
  cancelOperation: { method: 'POST', path: '/v1/operations/{id}/cancel' },
  cancelRun: { method: 'POST', path: '/v1/runs/{id}/cancel' },
  completeStep: { method: 'PATCH', path: '/v1/steps/{id}' },
  createEndpoint: { method: 'POST', path: '/v1/endpoints' },
  createJob: { method: 'POST', path: '/v1/jobs' },
  createRun: { method: 'POST', path: '/v1/runs' },
  deleteEndpoint: { method: 'DELETE', path: '/v1/endpoints/{id}' },
  getDelivery: { method: 'GET', path: '/v1/deliveries/{id}' },
  getDeliveryStats: { method: 'GET', path: '/v1/deliveries/stats' },
  getEndpoint: { method: 'GET', path: '/v1/endpoints/{id}' },
  getEndpointHealth: { method: 'GET', path: '/v1/endpoints/{id}/health' },
  getEndpointSecret: { method: 'GET', path: '/v1/endpoints/{id}/secret' },
  getEventTypes: { method: 'GET', path: '/v1/event-types' },
  getJob: { method: 'GET', path: '/v1/jobs/{id}' },
  getOperation: { method: 'GET', path: '/v1/operations/{id}' },
  getRun: { method: 'GET', path: '/v1/runs/{id}' },
  getStep: { method: 'GET', path: '/v1/steps/{id}' },
  listDeliveries: { method: 'GET', path: '/v1/deliveries' },
  listEndpoints: { method: 'GET', path: '/v1/endpoints' },
  listEndpointsHealth: { method: 'GET', path: '/v1/endpoints/health' },
  listEvents: { method: 'GET', path: '/v1/events' },
  listJobDeliveries: { method: 'GET', path: '/v1/jobs/{id}/deliveries' },
  listJobEvents: { method: 'GET', path: '/v1/jobs/{id}/events' },
  listJobs: { method: 'GET', path: '/v1/jobs' },
  listRunDeliveries: { method: 'GET', path: '/v1/runs/{id}/deliveries' },
  listRunEvents: { method: 'GET', path: '/v1/runs/{id}/events' },
  listRuns: { method: 'GET', path: '/v1/runs' },
  listRunSteps: { method: 'GET', path: '/v1/runs/{runId}/steps' },
  listStepDeliveries: { method: 'GET', path: '/v1/steps/{id}/deliveries' },
  listStepEvents: { method: 'GET', path: '/v1/steps/{id}/events' },
  redeliver: { method: 'POST', path: '/v1/deliveries/{id}/redeliver' },
  redeliverMatching: { method: 'POST', path: '/v1/deliveries/redeliver' },
  rotateEndpointSecret: { method: 'POST', path: '/v1/endpoints/{id}/secret/rotate' },
  sendTestEvent: { method: 'POST', path: '/v1/endpoints/{id}/test' },
  streamDeliveries: { method: 'GET', path: '/v1/deliveries/stream' },
  updateEndpoint: { method: 'PATCH', path: '/v1/endpoints/{id}' },
  updateJob: { method: 'PATCH', path: '/v1/jobs/{id}' },
  updateRun: { method: 'PATCH', path: '/v1/runs/{id}' },
} as const;

export type OperationId = keyof Operations;

/** The body of each webhook the service sends, by the name the document gives it. */
export interface WebhookPayloads {
  /** A job's callback */
  jobCompleted: JobCallbackPayload;
  /** A run's callback */
  runCompleted: RunCallbackPayload;
  /** The step webhook */
  stepCompleted: StepCallbackPayload;
}
