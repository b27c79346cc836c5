// The deliveries list's filters as the URL keeps them, as the API's search fields, and as a test of one delivery
// (the live stream's rows are placed by it). The list and a bulk redelivery send the same fields.
import type { Delivery } from './api';
import { stateMatches, deliveryState } from './delivery-states';

export const WINDOWS: Record<string, { label: string; ms: number }> = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
};

/** `subject_id` and `host` come from links (a subject's or a host's deliveries); the form writes the prefixes. */
export const FILTERS = ['status', 'kind', 'subject_id', 'subject_id_prefix', 'endpoint_id', 'host', 'url', 'status_code', 'metadata_key', 'metadata_value', 'window'] as const;
export type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The API's search fields the filters name (all but `status` and `window`, which are translated on their own). */
const SEARCH_FIELDS = ['kind', 'subject_id', 'subject_id_prefix', 'endpoint_id', 'host', 'url', 'status_code', 'metadata_key', 'metadata_value'] as const;

export function filtersOf(query: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.filter((name) => query.get(name)).map((name) => [name, query.get(name)!]));
}

/** The filters as the API's search fields (strings, as a query string spells them); `since` from the window. */
export function searchFields(filters: Filters, since: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of SEARCH_FIELDS) if (filters[name]) fields[name] = filters[name]!;
  if (since) fields.since = since;
  return fields;
}

/**
 * Whether a delivery passes the filters the page can check itself; `metadata_key` it cannot (a delivery carries
 * no metadata of its subject): `metadataMatches` says what the API answered for it, undefined when not asked yet.
 */
export function deliveryMatches(delivery: Delivery, filters: Filters, since: string | undefined, metadataMatches?: boolean): boolean {
  return (
    stateMatches(deliveryState(delivery), filters.status) &&
    (!filters.kind || delivery.kind === filters.kind) &&
    (!filters.subject_id || delivery.subject_id === filters.subject_id) &&
    (!filters.subject_id_prefix || delivery.subject_id.startsWith(filters.subject_id_prefix)) &&
    (!filters.endpoint_id || delivery.endpoint_id === filters.endpoint_id) &&
    (!filters.host || delivery.destination_host === filters.host) &&
    (!filters.url || urlStartsWith(delivery.url, filters.url)) &&
    // As the API reads it: `0503` is 503.
    (!filters.status_code || delivery.last_status_code === Number(filters.status_code)) &&
    (!filters.metadata_key || metadataMatches === true) &&
    (!since || delivery.created_at >= since)
  );
}

/** As the API reads `url`: a prefix, the scheme optional. */
export function urlStartsWith(url: string, prefix: string): boolean {
  return /^https?:\/\//i.test(prefix) ? url.startsWith(prefix) : url.startsWith(`https://${prefix}`) || url.startsWith(`http://${prefix}`);
}
