// Generated from the service's OpenAPI document by test/support/openapi-to-typescript.ts: do not edit by hand.
// Regenerate with `UPDATE_CLIENT_TYPES=1 npm test -- test/client/openapi-drift` after changing the API.
/* eslint-disable */

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
  attempts: DeliveryAttemptResponse[];
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
};

export type DeliveryStatsResponse = {
  /** Start of the first minute covered. */
  since: string;
  /** Minutes with at least one attempt, oldest first. */
  minutes: MinuteStatsResponse[];
  destinations: DestinationStatsResponse[];
  backlog: BacklogResponse;
};

export type DestinationStatsResponse = {
  host: string;
  attempts: number;
  /** Share of attempts that succeeded, 0–1. */
  success_rate: number;
  p99_latency_ms: number | null;
  /** Failed attempts since the last success. */
  failing_streak: number;
  last_attempt_at: string;
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
  stream_type: "job" | "run" | "step" | "delivery";
  stream_id: string;
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
  DeliveriesController_forJob: {
    method: 'GET';
    path: '/v1/jobs/{id}/deliveries';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: DeliveryResponse[];
  };
  DeliveriesController_forRun: {
    method: 'GET';
    path: '/v1/runs/{id}/deliveries';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: DeliveryResponse[];
  };
  DeliveriesController_forStep: {
    method: 'GET';
    path: '/v1/steps/{id}/deliveries';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: DeliveryResponse[];
  };
  DeliveriesController_get: {
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
  DeliveriesController_list: {
    method: 'GET';
    path: '/v1/deliveries';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      after?: string;
      status?: "pending" | "delivering" | "retrying" | "succeeded" | "dead_lettered";
      subject_id?: string;
      kind?: "job" | "run" | "step";
      host?: string;
      since?: string;
      until?: string;
    };
    body: never;
    response: DeliveryResponse[];
  };
  DeliveriesController_redeliver: {
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
  DeliveriesController_stats: {
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
  DeliveriesController_stream: {
    method: 'GET';
    path: '/v1/deliveries/stream';
    status: 200;
    pathParams: never;
    query: never;
    body: never;
    response: string;
  };
  EventFeedController_feed: {
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
  JobsController_cancel: {
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
  JobsController_create: {
    method: 'POST';
    path: '/v1/jobs';
    status: 201;
    pathParams: never;
    query: never;
    body: CreateJobRequest;
    response: JobResponse;
  };
  JobsController_events: {
    method: 'GET';
    path: '/v1/jobs/{id}/events';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: StoredEventResponse[];
  };
  JobsController_get: {
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
  JobsController_list: {
    method: 'GET';
    path: '/v1/jobs';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      after?: string;
      status?: "created" | "running" | "completed" | "failed" | "cancelled" | "expired";
    };
    body: never;
    response: JobResponse[];
  };
  JobsController_update: {
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
  RunsController_cancel: {
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
  RunsController_create: {
    method: 'POST';
    path: '/v1/runs';
    status: 201;
    pathParams: never;
    query: never;
    body: CreateRunRequest;
    response: RunResponse;
  };
  RunsController_events: {
    method: 'GET';
    path: '/v1/runs/{id}/events';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: StoredEventResponse[];
  };
  RunsController_get: {
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
  RunsController_list: {
    method: 'GET';
    path: '/v1/runs';
    status: 200;
    pathParams: never;
    query: {
      limit?: number;
      after?: string;
      status?: "created" | "running" | "completed" | "failed" | "cancelled";
      agent_id?: string;
    };
    body: never;
    response: RunResponse[];
  };
  RunsController_update: {
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
  StepsController_complete: {
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
  StepsController_create: {
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
  StepsController_events: {
    method: 'GET';
    path: '/v1/steps/{id}/events';
    status: 200;
    pathParams: {
      id: string;
    };
    query: never;
    body: never;
    response: StoredEventResponse[];
  };
  StepsController_get: {
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
  StepsController_listForRun: {
    method: 'GET';
    path: '/v1/runs/{runId}/steps';
    status: 200;
    pathParams: {
      runId: string;
    };
    query: never;
    body: never;
    response: StepResponse[];
  };
}

/** Every operation's method and path template, as the document gives them. */
export const OPERATIONS = {
  DeliveriesController_forJob: { method: 'GET', path: '/v1/jobs/{id}/deliveries' },
  DeliveriesController_forRun: { method: 'GET', path: '/v1/runs/{id}/deliveries' },
  DeliveriesController_forStep: { method: 'GET', path: '/v1/steps/{id}/deliveries' },
  DeliveriesController_get: { method: 'GET', path: '/v1/deliveries/{id}' },
  DeliveriesController_list: { method: 'GET', path: '/v1/deliveries' },
  DeliveriesController_redeliver: { method: 'POST', path: '/v1/deliveries/{id}/redeliver' },
  DeliveriesController_stats: { method: 'GET', path: '/v1/deliveries/stats' },
  DeliveriesController_stream: { method: 'GET', path: '/v1/deliveries/stream' },
  EventFeedController_feed: { method: 'GET', path: '/v1/events' },
  JobsController_cancel: { method: 'POST', path: '/v1/jobs/{id}/cancel' },
  JobsController_create: { method: 'POST', path: '/v1/jobs' },
  JobsController_events: { method: 'GET', path: '/v1/jobs/{id}/events' },
  JobsController_get: { method: 'GET', path: '/v1/jobs/{id}' },
  JobsController_list: { method: 'GET', path: '/v1/jobs' },
  JobsController_update: { method: 'PATCH', path: '/v1/jobs/{id}' },
  RunsController_cancel: { method: 'POST', path: '/v1/runs/{id}/cancel' },
  RunsController_create: { method: 'POST', path: '/v1/runs' },
  RunsController_events: { method: 'GET', path: '/v1/runs/{id}/events' },
  RunsController_get: { method: 'GET', path: '/v1/runs/{id}' },
  RunsController_list: { method: 'GET', path: '/v1/runs' },
  RunsController_update: { method: 'PATCH', path: '/v1/runs/{id}' },
  StepsController_complete: { method: 'PATCH', path: '/v1/steps/{id}' },
  StepsController_create: { method: 'POST', path: '/v1/runs/{runId}/steps' },
  StepsController_events: { method: 'GET', path: '/v1/steps/{id}/events' },
  StepsController_get: { method: 'GET', path: '/v1/steps/{id}' },
  StepsController_listForRun: { method: 'GET', path: '/v1/runs/{runId}/steps' },
} as const;

export type OperationId = keyof Operations;
