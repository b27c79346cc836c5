import type {
  CompleteStepRequest, CreateEndpointRequest, CreateJobRequest, CreateRunRequest, CreateStepRequest, FeedEventResponse, OperationId, Operations,
  RotateEndpointSecretRequest, SendTestEventRequest, StartRedeliveryRequest, UpdateEndpointRequest, UpdateJobRequest, UpdateRunRequest,
} from './generated/api.js';
import { OPERATIONS } from './generated/api.js';
import { apiErrorFor, CallbackApiError, CallbackNetworkError } from './errors.js';
import { PagedList, type Page } from './paged-list.js';
import { readServerSentEvents, type ServerSentEvent } from './server-sent-events.js';

export interface CallbackClientOptions {
  /** e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Retries of an idempotent call after a 502/503/504 or a network error (default 3). */
  retries?: number;
  /** First backoff delay; doubled each retry, with jitter (default 200 ms). A Retry-After header wins. */
  retryDelayMs?: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

export interface FollowEventsOptions {
  /** The last sequence already seen (default 0: from the start). */
  after?: number;
  type?: string;
  /** Wait between polls once caught up (default 1 s). */
  pollMs?: number;
  /** Longest wait between attempts while the service is unavailable, unless it names a Retry-After (default 30 s). */
  maxBackoffMs?: number;
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** For a create: the Idempotency-Key to send (default: a new random one per call, reused by its retries). */
  idempotencyKey?: string;
}

type Args<K extends OperationId> = {
  path?: Operations[K]['pathParams'] extends never ? never : Operations[K]['pathParams'];
  query?: Operations[K]['query'] extends never ? never : Operations[K]['query'];
  body?: Operations[K]['body'] extends never ? never : Operations[K]['body'];
};
type Answer<K extends OperationId> = Promise<Operations[K]['response']>;
type Query<K extends OperationId> = Operations[K]['query'];
type ListOperation = { [K in OperationId]: Operations[K]['response'] extends Page<unknown> ? K : never }[OperationId];
/** A list's query without `cursor`, which the auto-paging list keeps itself (`limit` is the page size). */
export type ListQuery<K extends ListOperation> = Omit<NonNullable<Query<K>>, 'cursor'>;
type ItemOf<K extends ListOperation> = Operations[K]['response'] extends Page<infer T> ? T : never;

/** Repeating these changes nothing (GETs; a cancel of a cancelled entity is a 200 with no new event). */
const IDEMPOTENT = new Set<OperationId>(['cancelJob', 'cancelRun', 'cancelOperation']);
/** Creates: sent with an Idempotency-Key, so a retry after a lost answer gets the first answer, never a second entity. */
const KEYED_CREATES = new Set<OperationId>(['createJob', 'createRun', 'addStep', 'redeliverMatching', 'createEndpoint']);
const RETRIED_STATUSES = new Set([502, 503, 504]);

/** A typed client for every /v1 operation of the Callback Integration Service. */
export class CallbackClient {
  private readonly baseUrl: string;

  constructor(private readonly options: CallbackClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  // Jobs
  createJob = (body: CreateJobRequest = {}, o?: CallOptions): Answer<'createJob'> => this.call('createJob', { body }, o);
  /** One page; `client.jobs.list()` reads them all. */
  listJobs = (query: Query<'listJobs'> = {}, o?: CallOptions): Answer<'listJobs'> => this.call('listJobs', { query }, o);
  getJob = (id: string, o?: CallOptions): Answer<'getJob'> => this.call('getJob', { path: { id } }, o);
  updateJob = (id: string, body: UpdateJobRequest, o?: CallOptions): Answer<'updateJob'> => this.call('updateJob', { path: { id }, body }, o);
  cancelJob = (id: string, o?: CallOptions): Answer<'cancelJob'> => this.call('cancelJob', { path: { id } }, o);
  jobEvents = (id: string, query: Query<'listJobEvents'> = {}, o?: CallOptions): Answer<'listJobEvents'> => this.call('listJobEvents', { path: { id }, query }, o);
  jobDeliveries = (id: string, query: Query<'listJobDeliveries'> = {}, o?: CallOptions): Answer<'listJobDeliveries'> =>
    this.call('listJobDeliveries', { path: { id }, query }, o);

  // Runs and their steps
  createRun = (body: CreateRunRequest = {}, o?: CallOptions): Answer<'createRun'> => this.call('createRun', { body }, o);
  /** One page; `client.runs.list()` reads them all. */
  listRuns = (query: Query<'listRuns'> = {}, o?: CallOptions): Answer<'listRuns'> => this.call('listRuns', { query }, o);
  getRun = (id: string, o?: CallOptions): Answer<'getRun'> => this.call('getRun', { path: { id } }, o);
  updateRun = (id: string, body: UpdateRunRequest, o?: CallOptions): Answer<'updateRun'> => this.call('updateRun', { path: { id }, body }, o);
  cancelRun = (id: string, o?: CallOptions): Answer<'cancelRun'> => this.call('cancelRun', { path: { id } }, o);
  runEvents = (id: string, query: Query<'listRunEvents'> = {}, o?: CallOptions): Answer<'listRunEvents'> => this.call('listRunEvents', { path: { id }, query }, o);
  runDeliveries = (id: string, query: Query<'listRunDeliveries'> = {}, o?: CallOptions): Answer<'listRunDeliveries'> =>
    this.call('listRunDeliveries', { path: { id }, query }, o);
  addStep = (runId: string, body: CreateStepRequest = {}, o?: CallOptions): Answer<'addStep'> => this.call('addStep', { path: { runId }, body }, o);
  listRunSteps = (runId: string, query: Query<'listRunSteps'> = {}, o?: CallOptions): Answer<'listRunSteps'> => this.call('listRunSteps', { path: { runId }, query }, o);

  // Steps
  getStep = (id: string, o?: CallOptions): Answer<'getStep'> => this.call('getStep', { path: { id } }, o);
  completeStep = (id: string, body: CompleteStepRequest, o?: CallOptions): Answer<'completeStep'> => this.call('completeStep', { path: { id }, body }, o);
  stepEvents = (id: string, query: Query<'listStepEvents'> = {}, o?: CallOptions): Answer<'listStepEvents'> => this.call('listStepEvents', { path: { id }, query }, o);
  stepDeliveries = (id: string, query: Query<'listStepDeliveries'> = {}, o?: CallOptions): Answer<'listStepDeliveries'> =>
    this.call('listStepDeliveries', { path: { id }, query }, o);

  // Deliveries
  /** One page; `client.deliveries.list()` reads them all. */
  listDeliveries = (query: Query<'listDeliveries'> = {}, o?: CallOptions): Answer<'listDeliveries'> => this.call('listDeliveries', { query }, o);
  getDelivery = (id: string, o?: CallOptions): Answer<'getDelivery'> => this.call('getDelivery', { path: { id } }, o);
  redeliver = (id: string, o?: CallOptions): Answer<'redeliver'> => this.call('redeliver', { path: { id } }, o);
  deliveryStats = (query: Query<'getDeliveryStats'> = {}, o?: CallOptions): Answer<'getDeliveryStats'> => this.call('getDeliveryStats', { query }, o);

  // Bulk operations
  /** Asks again for every delivery the filter matches, paced, as one durable operation (sent with an Idempotency-Key, so retried safely). */
  redeliverMatching = (body: StartRedeliveryRequest, o?: CallOptions): Answer<'redeliverMatching'> => this.call('redeliverMatching', { body }, o);
  getOperation = (id: string, o?: CallOptions): Answer<'getOperation'> => this.call('getOperation', { path: { id } }, o);
  cancelOperation = (id: string, o?: CallOptions): Answer<'cancelOperation'> => this.call('cancelOperation', { path: { id } }, o);

  // Endpoints: receivers subscribed to event types, each with its own signing secret
  createEndpoint = (body: CreateEndpointRequest, o?: CallOptions): Answer<'createEndpoint'> => this.call('createEndpoint', { body }, o);
  /** One page; `client.endpoints.list()` reads them all. */
  listEndpoints = (query: Query<'listEndpoints'> = {}, o?: CallOptions): Answer<'listEndpoints'> => this.call('listEndpoints', { query }, o);
  getEndpoint = (id: string, o?: CallOptions): Answer<'getEndpoint'> => this.call('getEndpoint', { path: { id } }, o);
  updateEndpoint = (id: string, body: UpdateEndpointRequest, o?: CallOptions): Answer<'updateEndpoint'> => this.call('updateEndpoint', { path: { id }, body }, o);
  deleteEndpoint = (id: string, o?: CallOptions): Answer<'deleteEndpoint'> => this.call('deleteEndpoint', { path: { id } }, o);
  endpointSecret = (id: string, o?: CallOptions): Answer<'getEndpointSecret'> => this.call('getEndpointSecret', { path: { id } }, o);
  rotateEndpointSecret = (id: string, body: RotateEndpointSecretRequest = {}, o?: CallOptions): Answer<'rotateEndpointSecret'> =>
    this.call('rotateEndpointSecret', { path: { id }, body }, o);
  endpointHealth = (id: string, query: Query<'getEndpointHealth'> = {}, o?: CallOptions): Answer<'getEndpointHealth'> =>
    this.call('getEndpointHealth', { path: { id }, query }, o);
  endpointsHealth = (query: Query<'listEndpointsHealth'> = {}, o?: CallOptions): Answer<'listEndpointsHealth'> => this.call('listEndpointsHealth', { query }, o);
  /** Sends an example event to the endpoint now and answers how it answered (not stored, never retried). */
  sendTestEvent = (id: string, body: SendTestEventRequest = {}, o?: CallOptions): Answer<'sendTestEvent'> => this.call('sendTestEvent', { path: { id }, body }, o);
  eventTypes = (o?: CallOptions): Answer<'getEventTypes'> => this.call('getEventTypes', {}, o);

  // Every list, read to its end a page at a time as it is iterated: `for await (const job of client.jobs.list())`.
  readonly jobs = {
    list: (query: ListQuery<'listJobs'> = {}, o?: CallOptions) => this.paged('listJobs', {}, query, o),
    events: (id: string, query: ListQuery<'listJobEvents'> = {}, o?: CallOptions) => this.paged('listJobEvents', { id }, query, o),
    deliveries: (id: string, query: ListQuery<'listJobDeliveries'> = {}, o?: CallOptions) => this.paged('listJobDeliveries', { id }, query, o),
  };
  readonly runs = {
    list: (query: ListQuery<'listRuns'> = {}, o?: CallOptions) => this.paged('listRuns', {}, query, o),
    steps: (runId: string, query: ListQuery<'listRunSteps'> = {}, o?: CallOptions) => this.paged('listRunSteps', { runId }, query, o),
    events: (id: string, query: ListQuery<'listRunEvents'> = {}, o?: CallOptions) => this.paged('listRunEvents', { id }, query, o),
    deliveries: (id: string, query: ListQuery<'listRunDeliveries'> = {}, o?: CallOptions) => this.paged('listRunDeliveries', { id }, query, o),
  };
  readonly steps = {
    events: (id: string, query: ListQuery<'listStepEvents'> = {}, o?: CallOptions) => this.paged('listStepEvents', { id }, query, o),
    deliveries: (id: string, query: ListQuery<'listStepDeliveries'> = {}, o?: CallOptions) => this.paged('listStepDeliveries', { id }, query, o),
  };
  readonly deliveries = {
    list: (query: ListQuery<'listDeliveries'> = {}, o?: CallOptions) => this.paged('listDeliveries', {}, query, o),
  };
  readonly endpoints = {
    list: (query: ListQuery<'listEndpoints'> = {}, o?: CallOptions) => this.paged('listEndpoints', {}, query, o),
    /** Each endpoint's health, page by page in the list's order. */
    health: (query: ListQuery<'listEndpointsHealth'> = {}, o?: CallOptions) => this.paged('listEndpointsHealth', {}, query, o),
  };

  /** The live delivery stream (Server-Sent Events) until `signal` aborts; pass the last `id` seen to resume. */
  async *deliveryStream({ lastEventId, signal }: { lastEventId?: string; signal?: AbortSignal } = {}): AsyncGenerator<ServerSentEvent> {
    const response = await this.send('streamDeliveries', {}, { signal }, { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, false);
    yield* readServerSentEvents(response, signal);
  }

  // The global event feed
  events = (query: Query<'listEvents'> = {}, o?: CallOptions): Answer<'listEvents'> => this.call('listEvents', { query }, o);

  /**
   * Every event after `after`, in order, polling when caught up, until `signal` aborts (then it ends). Keep the last
   * sequence to resume. It outlasts outages: a 502/503/504 or a network error after a call's own retries is waited
   * out (the answer's Retry-After, else a backoff doubling up to `maxBackoffMs`, default 30 s) and the same page asked
   * for again, so no event is skipped or repeated. Any other error ends it — among them CallbackHistoryPurgedError
   * when retention purged events after the position (never a silent gap: its `historyStartsAfter` says where to
   * resume, if skipping what was purged is acceptable).
   */
  async *followEvents({ after = 0, type, pollMs = 1000, maxBackoffMs = 30_000, signal }: FollowEventsOptions = {}): AsyncGenerator<FeedEventResponse> {
    try {
      for (let position = after, failures = 0; !signal?.aborted; ) {
        let page: FeedEventResponse[];
        try {
          page = await this.events({ after: position, limit: 1000, ...(type ? { type } : {}) }, { signal });
          failures = 0;
        } catch (error) {
          if (signal?.aborted || !isTransient(error)) throw error;
          const retryAfter = error instanceof CallbackApiError ? error.retryAfterMs : undefined;
          // Retry-After wins, but never below the first backoff step: an answer of 0 must not make this spin.
          const wait = retryAfter !== undefined ? Math.max(retryAfter, this.backoff(0)) : Math.min(this.backoff(Math.min(failures, 30)), maxBackoffMs);
          failures++;
          await sleep(wait, signal);
          continue;
        }
        for (const event of page) {
          position = event.sequence;
          yield event;
        }
        if (page.length < 1000) await sleep(pollMs, signal);
      }
    } catch (error) {
      if (!signal?.aborted) throw error; // stopping is not a failure
    }
  }

  private paged<K extends ListOperation>(id: K, path: Record<string, string>, query: ListQuery<K>, options?: CallOptions): PagedList<ItemOf<K>> {
    return new PagedList(async (cursor) => {
      const args = { path, query: { ...query, cursor } } as unknown as Args<K>;
      return (await this.call(id, args, options)) as Page<ItemOf<K>>;
    });
  }

  private async call<K extends OperationId>(id: K, args: Args<K>, options?: CallOptions): Answer<K> {
    const response = await this.send(id, args, options ?? {}, { accept: 'application/json' }, true);
    if (response.status === 204) return undefined as unknown as Operations[K]['response']; // a delete answers no body
    return (await response.json()) as Operations[K]['response'];
  }

  private async send<K extends OperationId>(id: K, args: Args<K>, { signal, idempotencyKey }: CallOptions, headers: Record<string, string>, withTimeout: boolean): Promise<Response> {
    const { method, path } = OPERATIONS[id];
    const url = this.url(path, args.path as Record<string, string> | undefined, args.query as Record<string, unknown> | undefined);
    const keyed = KEYED_CREATES.has(id);
    const retries = method === 'GET' || IDEMPOTENT.has(id) || keyed ? (this.options.retries ?? 3) : 0;
    const init: RequestInit & { headers: Record<string, string> } = {
      method,
      headers: {
        ...headers,
        ...(keyed ? { 'idempotency-key': idempotencyKey ?? crypto.randomUUID() } : {}),
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        ...(args.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: args.body !== undefined ? JSON.stringify(args.body) : undefined,
    };
    for (let attempt = 0; ; attempt++) {
      const timeout = withTimeout ? AbortSignal.timeout(this.options.timeoutMs ?? 10_000) : undefined;
      const combined = signal && timeout ? AbortSignal.any([signal, timeout]) : (signal ?? timeout);
      // Each attempt has its own id, which the service logs and echoes: an error names the attempt that failed.
      const requestId = crypto.randomUUID();
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers: { ...init.headers, 'x-request-id': requestId }, signal: combined });
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (attempt >= retries) {
          const code = (error as { cause?: { code?: unknown } }).cause?.code; // fetch says "fetch failed"; its cause says why
          throw new CallbackNetworkError(`${method} ${path}: ${(error as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`, error, requestId);
        }
        await sleep(this.backoff(attempt), signal);
        continue;
      }
      if (response.ok) return response;
      if (RETRIED_STATUSES.has(response.status) && attempt < retries) {
        await response.body?.cancel();
        await sleep(retryAfterMs(response) ?? this.backoff(attempt), signal);
        continue;
      }
      const body = (await response.json().catch(() => undefined)) as { message?: unknown; field?: unknown } | undefined;
      const message = Array.isArray(body?.message) ? body.message.join('; ') : typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`;
      const field = typeof body?.field === 'string' ? body.field : undefined;
      throw apiErrorFor(response.status, `${method} ${path}: ${message}`, field, body, retryAfterMs(response), response.headers.get('x-request-id') ?? requestId);
    }
  }

  private url(template: string, path: Record<string, string> | undefined, query: Record<string, unknown> | undefined): string {
    const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path?.[name] ?? ''));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) search.set(name, String(value));
    const suffix = search.toString();
    return `${this.baseUrl}${filled}${suffix ? `?${suffix}` : ''}`;
  }

  private backoff(attempt: number): number {
    const base = (this.options.retryDelayMs ?? 200) * 2 ** attempt;
    return base / 2 + Math.random() * (base / 2);
  }
}

/** An answer that says "later": the service or a proxy in front of it is unavailable, or it could not be reached. */
function isTransient(error: unknown): boolean {
  return error instanceof CallbackNetworkError || (error instanceof CallbackApiError && RETRIED_STATUSES.has(error.statusCode));
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.min(seconds * 1000, 30_000) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done, fail) => {
    if (signal?.aborted) return fail(signal.reason);
    // The listener goes when the wait ends: a follower sleeps on one signal thousands of times.
    const abort = () => (clearTimeout(timer), fail(signal!.reason));
    const timer = setTimeout(() => (signal?.removeEventListener('abort', abort), done()), ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
