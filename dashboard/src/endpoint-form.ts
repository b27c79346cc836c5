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
}

/** The controls of the form, by the name the API gives the field. */
export type EndpointField = 'url' | 'description' | 'event_types' | 'enabled';

export function formValuesOf(endpoint?: Endpoint): EndpointFormValues {
  if (!endpoint) return { url: '', description: '', allTypes: true, eventTypes: [], enabled: true };
  return {
    url: endpoint.url,
    description: endpoint.description,
    allTypes: endpoint.event_types === null,
    eventTypes: endpoint.event_types ?? [],
    enabled: endpoint.enabled,
  };
}

/** The create body: what was left empty is left out, so the API's defaults apply (no description, every type). */
export function createBody(values: EndpointFormValues): NewEndpoint {
  const body: NewEndpoint = { url: values.url.trim(), enabled: values.enabled };
  if (values.description.trim()) body.description = values.description.trim();
  if (!values.allTypes) body.event_types = values.eventTypes;
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
  return changes;
}

function sameTypes(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** The form control an API error names: `event_types[1]` is the event types' group; a field the form lacks, none. */
export function fieldOf(apiField: string | undefined): EndpointField | undefined {
  const name = apiField?.replace(/\[\d+\]$/, '');
  return name === 'url' || name === 'description' || name === 'event_types' || name === 'enabled' ? name : undefined;
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
