import { describe, expect, it } from '@jest/globals';
import type { Delivery } from './api';
import { deliveryMatches, filtersOf, searchFields, urlStartsWith } from './delivery-search';

const delivery = (fields: Partial<Delivery>): Delivery => ({
  id: 'dlv-1', kind: 'job', subject_id: 'job-3c2d', url: 'https://ci.example.com/hooks/done?job=1', destination_host: 'ci.example.com', status: 'dead_lettered',
  payload: {}, attempt_count: 1, next_attempt_at: null, last_attempt_at: null, last_status_code: 503, last_error: 'HTTP 503',
  subject_completed_at: '2026-12-03T10:00:00.000Z', created_at: '2026-12-03T10:00:00.000Z', succeeded_at: null, endpoint_id: null, event_type: null, ...fields,
});

describe("the deliveries list's search", () => {
  it('reads the filters from the URL and sends the search fields the API takes (status and window apart)', () => {
    const filters = filtersOf(new URLSearchParams('status=dead_lettered&window=1h&subject_id_prefix=job-3&url=ci.example.com&status_code=503&metadata_key=k&metadata_value=v&other=x&host='));
    expect(filters).toEqual({ status: 'dead_lettered', window: '1h', subject_id_prefix: 'job-3', url: 'ci.example.com', status_code: '503', metadata_key: 'k', metadata_value: 'v' });
    expect(searchFields(filters, '2026-12-03T09:00:00.000Z')).toEqual({
      subject_id_prefix: 'job-3', url: 'ci.example.com', status_code: '503', metadata_key: 'k', metadata_value: 'v', since: '2026-12-03T09:00:00.000Z',
    });
  });

  it.each([
    ['ci.example.com/hooks', true],
    ['https://ci.example.com/hooks/', true],
    ['http://ci.example.com', false], // the scheme, when given, counts
    ['ci.example.com/hooks/done?job=1', true],
    ['ci.example.com/other', false],
  ])('URL prefix %s → %s', (prefix, expected) => {
    expect(urlStartsWith('https://ci.example.com/hooks/done?job=1', prefix)).toBe(expected);
  });

  it('places a live delivery by what the page can check, and by what the API said of its metadata', () => {
    const row = delivery({});
    expect(deliveryMatches(row, { subject_id_prefix: 'job-3', status_code: '503', url: 'ci.example.com/hooks' }, undefined)).toBe(true);
    expect(deliveryMatches(row, { subject_id_prefix: 'job-4' }, undefined)).toBe(false);
    expect(deliveryMatches(row, { status_code: '500' }, undefined)).toBe(false);
    expect(deliveryMatches(row, { status_code: '0503' }, undefined)).toBe(true); // the API reads 0503 as 503
    expect(deliveryMatches(delivery({ last_status_code: null }), { status_code: '503' }, undefined)).toBe(false);
    expect(deliveryMatches(row, { metadata_key: 'k' }, undefined)).toBe(false); // not known yet: not placed
    expect(deliveryMatches(row, { metadata_key: 'k' }, undefined, true)).toBe(true);
    expect(deliveryMatches(row, { metadata_key: 'k' }, undefined, false)).toBe(false);
    expect(deliveryMatches(row, {}, '2026-12-03T10:00:00.001Z')).toBe(false);
  });
});
