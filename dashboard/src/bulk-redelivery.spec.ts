import { describe, expect, it } from '@jest/globals';
import type { Operation } from './api';
import { bulkChoice, filterFacts, outcomesPending, progressSummary } from './bulk-redelivery';

const SINCE = '2026-12-02T13:00:00.000Z';
const operation = (fields: Partial<Operation>): Operation => ({
  id: 'op-1', kind: 'redelivery', state: 'running', filter: { status: 'dead_lettered' }, matched: 25, scheduled: 0, succeeded: 0, failed: 0,
  created_at: SINCE, finished_at: null, ...fields,
});

describe("the list's filters as a bulk redelivery's filter", () => {
  it.each([
    [{}, undefined, { kind: 'none' }],
    [{ status: 'dead_lettered' }, undefined, { kind: 'available', filter: { status: 'dead_lettered' } }],
    [
      { status: 'succeeded', kind: 'run', subject_id: 'run-1', host: '127.0.0.1:8080', window: '1h' }, SINCE,
      { kind: 'available', filter: { status: 'succeeded', kind: 'run', subject_id: 'run-1', host: '127.0.0.1:8080', since: SINCE } },
    ],
    // The time window alone is a filter: the list shows what it would redeliver.
    [{ window: '15m' }, SINCE, { kind: 'available', filter: { since: SINCE } }],
    [{ status: 'pending' }, undefined, { kind: 'available', filter: { status: 'pending' } }],
    [{ status: 'retrying', host: 'ci.example.com' }, undefined, { kind: 'available', filter: { status: 'retrying', host: 'ci.example.com' } }],
  ])('%j (window from %s) → %j', (filters, since, choice) => {
    expect(bulkChoice(filters, since)).toEqual(choice);
  });

  it("takes every search field the list sends: an endpoint, prefixes, a status code as a number, metadata", () => {
    const filters = { endpoint_id: 'ep-1', status: 'dead_lettered', subject_id_prefix: 'job-3', url: 'ci.example.com/hooks', status_code: '503', metadata_key: 'pipeline', metadata_value: 'nightly' };
    expect(bulkChoice(filters, undefined)).toEqual({
      kind: 'available',
      filter: { endpoint_id: 'ep-1', status: 'dead_lettered', subject_id_prefix: 'job-3', url: 'ci.example.com/hooks', status_code: 503, metadata_key: 'pipeline', metadata_value: 'nightly' },
    });
  });

  it.each(['delivering', 'failed'])('a list filtered on %s offers no bulk redelivery, and says why', (status) => {
    expect(bulkChoice({ status, kind: 'job' }, undefined)).toEqual({
      kind: 'unavailable',
      reason: `Bulk redelivery takes deliveries that are pending, retrying, succeeded or dead letters, not "${status}": choose one of those statuses.`,
    });
  });

  it('says the filter in words, in the form\'s order', () => {
    expect(filterFacts({ since: SINCE, host: 'h:1', status: 'dead_lettered', kind: 'job', subject_id: 'job-1', status_code: 503, until: SINCE, url: 'h:1/a', metadata_key: 'k' })).toEqual([
      { label: 'Status', value: 'dead letter' },
      { label: 'Kind', value: 'job' },
      { label: 'Subject id', value: 'job-1', id: true },
      { label: 'Destination host', value: 'h:1', id: true },
      { label: 'URL starts with', value: 'h:1/a', id: true },
      { label: 'Last status code', value: '503' },
      { label: 'Metadata', value: 'k (any value)', id: true },
      { label: 'Created at or after', value: SINCE, time: true },
      { label: 'Created before', value: SINCE, time: true },
    ]);
  });
});

describe("an operation's progress", () => {
  it.each([
    [{ scheduled: 10, succeeded: 7, failed: 1 }, 'Running: 10 of 25 scheduled; 7 delivered, 1 failed again, 2 in flight or retrying.', true],
    [{ state: 'done', scheduled: 25, succeeded: 20 }, 'Done: 25 of 25 scheduled; 20 delivered, 0 failed again, 5 in flight or retrying.', true],
    [{ state: 'done', scheduled: 25, succeeded: 24, failed: 1 }, 'Done: 25 of 25 scheduled; 24 delivered, 1 failed again.', false],
    [{ state: 'done', scheduled: 22, succeeded: 22 }, 'Done: 22 of 25 scheduled (3 no longer matched); 22 delivered, 0 failed again.', false],
    [{ state: 'cancelled', scheduled: 3, succeeded: 3 }, 'Cancelled: 3 of 25 scheduled; 3 delivered, 0 failed again.', false],
    [{ state: 'done', matched: 0 }, 'Done: 0 of 0 scheduled; 0 delivered, 0 failed again.', false],
  ] as const)('%j: "%s"; followed further: %s', (fields, summary, pending) => {
    expect(progressSummary(operation(fields))).toBe(summary);
    expect(outcomesPending(operation(fields))).toBe(pending);
  });
});
