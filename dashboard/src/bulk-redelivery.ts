// What "Redeliver all matching" asks the API for: the list's filters as a bulk redelivery's filter, in words for
// the confirmation, and what an operation's progress means to an operator.
import type { Operation, RedeliveryFilter } from './api';
import { searchFields, type Filters } from './delivery-search';

/** The statuses POST /v1/deliveries/redeliver takes ('delivering' is a moment's lease, not a state to recover). */
export const REDELIVERABLE = ['pending', 'retrying', 'succeeded', 'dead_lettered'] as const satisfies readonly NonNullable<RedeliveryFilter['status']>[];

export type BulkChoice =
  /** No filter: the button is not offered (the API refuses to redeliver everything, and so does the page). */
  | { kind: 'none' }
  /** A filter the bulk endpoint cannot take: the button is disabled, and `reason` says why. */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'available'; filter: RedeliveryFilter };

/**
 * The bulk filter for the list's filters; `since` is the start of the time window the list was read with, so the
 * operation covers exactly the deliveries the list shows (and those created since, up to the confirmation).
 */
export function bulkChoice(filters: Filters, since: string | undefined): BulkChoice {
  const filter: RedeliveryFilter = {};
  if (filters.status) {
    if (!(REDELIVERABLE as readonly string[]).includes(filters.status)) {
      return { kind: 'unavailable', reason: `Bulk redelivery takes deliveries that are pending, retrying, succeeded or dead letters, not "${filters.status}": choose one of those statuses.` };
    }
    filter.status = filters.status as RedeliveryFilter['status'];
  }
  // The list's search fields, as the list sent them (a status code as the number the body wants).
  const { status_code, ...fields } = searchFields(filters, since);
  Object.assign(filter, fields, status_code ? { status_code: Number(status_code) } : {});
  return Object.keys(filter).length === 0 ? { kind: 'none' } : { kind: 'available', filter };
}

const STATUS_WORDS: Record<string, string> = { dead_lettered: 'dead letter' };

/** One line of a filter in words: `time` values stay ISO (the page formats them), `id` values are shown as code. */
export interface FilterFact {
  label: string;
  value: string;
  time?: boolean;
  id?: boolean;
}

/** A filter as label/value pairs, in the order the filter form shows them. */
export function filterFacts(filter: RedeliveryFilter): FilterFact[] {
  const facts: FilterFact[] = [];
  if (filter.status) facts.push({ label: 'Status', value: STATUS_WORDS[filter.status] ?? filter.status });
  if (filter.kind) facts.push({ label: 'Kind', value: filter.kind });
  if (filter.subject_id) facts.push({ label: 'Subject id', value: filter.subject_id, id: true });
  if (filter.subject_id_prefix) facts.push({ label: 'Subject id starts with', value: filter.subject_id_prefix, id: true });
  if (filter.endpoint_id) facts.push({ label: 'Endpoint', value: filter.endpoint_id, id: true });
  if (filter.host) facts.push({ label: 'Destination host', value: filter.host, id: true });
  if (filter.url) facts.push({ label: 'URL starts with', value: filter.url, id: true });
  if (filter.status_code !== undefined) facts.push({ label: 'Last status code', value: String(filter.status_code) });
  if (filter.metadata_key) facts.push({ label: 'Metadata', value: filter.metadata_value === undefined ? `${filter.metadata_key} (any value)` : `${filter.metadata_key} = ${filter.metadata_value}`, id: true });
  if (filter.since) facts.push({ label: 'Created at or after', value: filter.since, time: true });
  if (filter.until) facts.push({ label: 'Created before', value: filter.until, time: true });
  return facts;
}

/** Whether the page still follows an operation: while it runs, and after it while asked-for deliveries have no outcome yet. */
export function outcomesPending(operation: Operation): boolean {
  return operation.state === 'running' || operation.succeeded + operation.failed < operation.scheduled;
}

/** One sentence of where an operation is, for the progress panel (and screen readers, as it changes). */
export function progressSummary(operation: Operation): string {
  const { matched, scheduled, succeeded, failed } = operation;
  const open = scheduled - succeeded - failed;
  const skipped = operation.state === 'done' && scheduled < matched ? ` (${matched - scheduled} no longer matched)` : '';
  const outcomes = `${succeeded} delivered, ${failed} failed again${open > 0 ? `, ${open} in flight or retrying` : ''}`;
  const state = { running: 'Running', done: 'Done', cancelled: 'Cancelled' }[operation.state];
  return `${state}: ${scheduled} of ${matched} scheduled${skipped}; ${outcomes}.`;
}
