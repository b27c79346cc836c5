// What the endpoint form sends: its values as a create body or as the changes of a PATCH, which control an
// API error names, and a subscription in words.
import type { Endpoint, EndpointChange, NewEndpoint } from './api';

export interface EndpointFormValues {
  url: string;
  description: string;
  /** Every event type, including ones the service adds later (the API's `event_types: null`). */
  allTypes: boolean;
  /** The chosen types (or patterns such as `job.*`) when not every type. */
  eventTypes: string[];
  enabled: boolean;
  /** As typed: empty is no limit. */
  rateLimit: string;
  /** As typed ("5s,1m,10m"): empty is the service's schedule. */
  retrySchedule: string;
}

/** The controls of the form, by the name the API gives the field. */
export type EndpointField = 'url' | 'description' | 'event_types' | 'enabled' | 'rate_limit' | 'retry_schedule';
const FIELDS: readonly EndpointField[] = ['url', 'description', 'event_types', 'enabled', 'rate_limit', 'retry_schedule'];

export function formValuesOf(endpoint?: Endpoint): EndpointFormValues {
  if (!endpoint) return { url: '', description: '', allTypes: true, eventTypes: [], enabled: true, rateLimit: '', retrySchedule: '' };
  return {
    url: endpoint.url,
    description: endpoint.description,
    allTypes: endpoint.event_types === null,
    eventTypes: endpoint.event_types ?? [],
    enabled: endpoint.enabled,
    rateLimit: endpoint.rate_limit === null ? '' : String(endpoint.rate_limit),
    retrySchedule: endpoint.retry_schedule ?? '',
  };
}

/**
 * The rate limit to send: empty is no limit (null), a number is sent as a number, and anything else as it was
 * typed — the service, not the form, says what is wrong with it, by name (a typed number is not a JSON number).
 */
export function rateLimitOf(typed: string): number | string | null {
  const text = typed.trim();
  if (text === '') return null;
  return Number.isFinite(Number(text)) ? Number(text) : text;
}

/** The retry schedule to send: empty is the service's schedule (null). */
export function retryScheduleOf(typed: string): string | null {
  return typed.trim() === '' ? null : typed.trim();
}

/** The create body: what was left empty is left out, so the API's defaults apply (no description, every type). */
export function createBody(values: EndpointFormValues): NewEndpoint {
  const body: NewEndpoint = { url: values.url.trim(), enabled: values.enabled };
  if (values.description.trim()) body.description = values.description.trim();
  if (!values.allTypes) body.event_types = values.eventTypes;
  // `as number`: a typed non-number is sent as it is, for the service to refuse by name (see rateLimitOf).
  if (rateLimitOf(values.rateLimit) !== null) body.rate_limit = rateLimitOf(values.rateLimit) as number;
  if (retryScheduleOf(values.retrySchedule) !== null) body.retry_schedule = retryScheduleOf(values.retrySchedule);
  return body;
}

/** Only the fields that differ from the endpoint: a PATCH changes what it is given, and nothing else. */
export function changesOf(endpoint: Endpoint, values: EndpointFormValues): EndpointChange {
  const changes: EndpointChange = {};
  if (values.url.trim() !== endpoint.url) changes.url = values.url.trim();
  if (values.description.trim() !== endpoint.description) changes.description = values.description.trim();
  const eventTypes = values.allTypes ? null : values.eventTypes;
  if (!sameTypes(eventTypes, endpoint.event_types)) changes.event_types = eventTypes;
  if (values.enabled !== endpoint.enabled) changes.enabled = values.enabled;
  if (rateLimitOf(values.rateLimit) !== endpoint.rate_limit) changes.rate_limit = rateLimitOf(values.rateLimit) as number | null;
  if (retryScheduleOf(values.retrySchedule) !== endpoint.retry_schedule) changes.retry_schedule = retryScheduleOf(values.retrySchedule);
  return changes;
}

function sameTypes(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** The form control an API error names: `event_types[1]` is the event types' group; a field the form lacks, none. */
export function fieldOf(apiField: string | undefined): EndpointField | undefined {
  const name = apiField?.replace(/\[\d+\]$/, '');
  return FIELDS.find((field) => field === name);
}

/**
 * The checkboxes to offer: the types the API lists, then any pattern the endpoint subscribed to that is not one
 * of them (`job.*`, `*`, set through the API), so an edit keeps it unless it is unticked.
 */
export function typeChoices(listed: readonly string[], subscribed: readonly string[]): string[] {
  return [...listed, ...subscribed.filter((pattern) => !listed.includes(pattern))];
}

/** What a subscription pattern the API does not list (`job.*`, `*`) stands for. */
export function patternMeaning(pattern: string): string {
  if (pattern === '*') return 'Every event type, including ones added later.';
  if (pattern.endsWith('.*')) return `Every ${pattern.slice(0, -2)} event type, including ones added later.`;
  return 'A name this endpoint holds that the service no longer lists.';
}

/** "all event types" or the subscription as the API holds it. */
export function subscriptionSummary(eventTypes: readonly string[] | null): string {
  return eventTypes === null ? 'all event types' : eventTypes.join(', ');
}
