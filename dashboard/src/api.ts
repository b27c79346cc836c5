// The dashboard's only source of data: the service's /v1 API, with the key the user signed in with.
import type {
  CreateEndpointRequest,
  DeliveryAttemptResponse,
  DeliveryDetailResponse,
  DeliveryResponse,
  DeliveryStatsResponse,
  EndpointHealthResponse,
  EndpointResponse,
  EndpointSecretResponse,
  EventTypeResponse,
  OperationResponse,
  RedeliveryStartedResponse,
  SecretRotatedResponse,
  SendTestEventRequest,
  StartRedeliveryRequest,
  StoredEventResponse,
  TestEventResultResponse,
  UpdateEndpointRequest,
} from '../../client/src/generated/api';
import type { Page } from '../../client/src/paged-list';
// The client's SSE reader (fetch-based, as a browser needs: EventSource cannot send Authorization).
import { readServerSentEvents } from '../../client/src/server-sent-events';
import { withReadRetries } from './read-retry';

const KEY_STORAGE = 'callback-dashboard.api-key';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The input at fault, as the API names it (`url`, `event_types[1]`), when it names one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

// The API's own types, generated from its OpenAPI document (type-only: nothing of the client is bundled).
export type Delivery = DeliveryResponse;
export type Attempt = DeliveryAttemptResponse;
export type DeliveryDetail = DeliveryDetailResponse;
export type StoredEvent = StoredEventResponse;
export type DeliveryStats = DeliveryStatsResponse;
export type Operation = OperationResponse;
export type RedeliveryFilter = StartRedeliveryRequest;
export type RedeliveryStarted = RedeliveryStartedResponse;
export type Endpoint = EndpointResponse;
export type NewEndpoint = CreateEndpointRequest;
export type EndpointChange = UpdateEndpointRequest;
export type EndpointSecret = EndpointSecretResponse;
export type SecretRotated = SecretRotatedResponse;
export type EventTypeInfo = EventTypeResponse;
export type EndpointHealth = EndpointHealthResponse;
export type TestEventRequest = SendTestEventRequest;
export type TestEventResult = TestEventResultResponse;
/** What every list of the API answers. */
export type { Page };

export interface Subject {
  id: string;
  status: string;
  metadata?: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  [field: string]: unknown;
}

export interface LiveDeliveryEvent {
  sequence: number;
  type: string;
  occurred_at: string;
  delivery: Delivery;
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

function authHeaders(key: string | null): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

interface Sent {
  body?: unknown;
  headers?: Record<string, string>;
}

async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, key = storedKey(), sent: Sent = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(key), ...sent.headers };
  if (sent.body !== undefined) headers['content-type'] = 'application/json';
  const payload = sent.body === undefined ? undefined : JSON.stringify(sent.body);
  const send = () => fetch(path, { method, headers, body: payload });
  const response = method === 'GET' ? await withReadRetries(send) : await send();
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const field = typeof body.field === 'string' ? body.field : undefined;
    throw new ApiError(response.status, typeof body.message === 'string' ? body.message : `HTTP ${response.status}`, field);
  }
  // A 204 (a DELETE) has no body to read.
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export interface Settings {
  api_key_required: boolean;
  /** The delivery statuses the API filters by (an older API has `failed` where a newer one has two states). */
  delivery_statuses: string[];
}

let settings: Settings = { api_key_required: false, delivery_statuses: [] };

/** The page's own, data-free settings: whether to ask for a key, and which statuses the API knows. */
export async function loadSettings(): Promise<Settings> {
  const response = await withReadRetries(() => fetch('/dashboard/config.json'));
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
  settings = (await response.json()) as Settings;
  return settings;
}

/** The statuses the API's `?status=` takes (from the page's settings). */
export function knownStatuses(): readonly string[] {
  return settings.delivery_statuses;
}

/** The most a list answers in one page: fewest requests for a whole list. */
const MAX_PAGE = 1000;

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  /** Every item of a list (all of an entity's events, steps or deliveries), page after page. */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    const separator = path.includes('?') ? '&' : '?';
    for (let cursor: string | null = null; ; ) {
      const page: Page<T> = await request<Page<T>>('GET', `${path}${separator}limit=${MAX_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.data);
      if (!page.has_more || page.next_cursor === null) return items;
      cursor = page.next_cursor;
    }
  },
  /** A POST, with a JSON body and extra headers (an Idempotency-Key) when given. */
  post: <T>(path: string, sent?: Sent) => request<T>('POST', path, storedKey(), sent),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, storedKey(), { body }),
  delete: (path: string) => request<void>('DELETE', path),
  /** Whether the service takes this key (or needs none: null). */
  async check(key: string | null): Promise<'ok' | 'key-needed' | 'wrong-key'> {
    try {
      await request('GET', '/v1/deliveries?limit=1', key);
      return 'ok';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return key ? 'wrong-key' : 'key-needed';
      throw error;
    }
  },
};

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows GET /v1/deliveries/stream with fetch (EventSource cannot send Authorization), resuming with
 * Last-Event-ID after a drop. Stops when `signal` aborts.
 */
export async function followDeliveries(onEvent: (event: LiveDeliveryEvent) => void, onState: (state: LiveState) => void, onUnauthorized: () => void, signal: AbortSignal): Promise<void> {
  let lastId: string | undefined;
  while (!signal.aborted) {
    try {
      const headers = { accept: 'text/event-stream', ...authHeaders(storedKey()), ...(lastId ? { 'last-event-id': lastId } : {}) };
      const response = await fetch('/v1/deliveries/stream', { headers, signal });
      if (response.status === 401) return onUnauthorized();
      // Retention purged past where the stream was (a long drop): start again from now rather than ask for ever.
      if (response.status === 410) {
        lastId = undefined;
        continue;
      }
      if (!response.ok || !response.body) throw new ApiError(response.status, `stream: HTTP ${response.status}`);
      onState('live');
      for await (const message of readServerSentEvents(response, signal)) {
        if (message.id) lastId = message.id;
        if (message.event === 'delivery') onEvent(JSON.parse(message.data) as LiveDeliveryEvent);
      }
    } catch {
      if (signal.aborted) return;
    }
    onState('reconnecting');
    await new Promise((done) => setTimeout(done, 2000));
  }
}
