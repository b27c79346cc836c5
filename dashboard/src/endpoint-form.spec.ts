import { describe, expect, it } from '@jest/globals';
import type { Endpoint } from './api';
import { changesOf, createBody, fieldOf, formValuesOf, patternMeaning, rateLimitOf, retryScheduleOf, subscriptionSummary, typeChoices } from './endpoint-form';

// Only the fields the form reads (an assertion, so fields the API adds later need no change here).
const endpoint = (fields: Partial<Endpoint> = {}) =>
  ({
    id: 'ep-1', url: 'https://hooks.example.com/a', description: 'on-call', event_types: ['job.failed', 'run.*'], enabled: true,
    disabled_reason: null, disabled_cause: null, rate_limit: null, retry_schedule: null, metadata: {}, secret_rotated_at: null, previous_secret_expires_at: null, created_at: '2026-12-02T13:00:00.000Z', updated_at: '2026-12-02T13:00:00.000Z',
    ...fields,
  }) as Endpoint;

describe('the endpoint form', () => {
  it('creates with what was filled in, leaving the rest to the API (no description, every type)', () => {
    expect(createBody({ ...formValuesOf(), url: ' https://hooks.example.com/a ' })).toEqual({ url: 'https://hooks.example.com/a', enabled: true });
    expect(createBody({ url: 'https://x.example', description: ' night ', allTypes: false, eventTypes: ['job.failed'], enabled: false, rateLimit: ' 20 ', retrySchedule: ' 5s,1m ' }))
      .toEqual({ url: 'https://x.example', description: 'night', event_types: ['job.failed'], enabled: false, rate_limit: 20, retry_schedule: '5s,1m' });
    // An empty choice is sent as it is: the API answers why it is refused, beside the event types.
    expect(createBody({ ...formValuesOf(), url: 'https://x.example', allTypes: false })).toMatchObject({ event_types: [] });
  });

  it('edits by sending only what changed; every type is null, and the order of the types is no change', () => {
    const shown = endpoint();
    expect(changesOf(shown, formValuesOf(shown))).toEqual({});
    expect(changesOf(shown, { ...formValuesOf(shown), eventTypes: ['run.*', 'job.failed'] })).toEqual({});
    expect(changesOf(shown, { ...formValuesOf(shown), allTypes: true })).toEqual({ event_types: null });
    expect(changesOf(endpoint({ event_types: null }), { ...formValuesOf(endpoint({ event_types: null })), allTypes: false, eventTypes: ['step.failed'] }))
      .toEqual({ event_types: ['step.failed'] });
    expect(changesOf(shown, { ...formValuesOf(shown), url: 'https://b.example/', description: '', enabled: false }))
      .toEqual({ url: 'https://b.example/', description: '', enabled: false });
  });

  it('sends the rate limit and the retry schedule as typed, empty as null, for the service to judge', () => {
    expect([rateLimitOf(''), rateLimitOf(' 20 '), rateLimitOf('0'), rateLimitOf('2.5'), rateLimitOf('ten')]).toEqual([null, 20, 0, 2.5, 'ten']);
    expect([retryScheduleOf('  '), retryScheduleOf(' 5s,soon ')]).toEqual([null, '5s,soon']);
    const limited = endpoint({ rate_limit: 20, retry_schedule: '5s,1m' });
    expect(formValuesOf(limited)).toMatchObject({ rateLimit: '20', retrySchedule: '5s,1m' });
    expect(changesOf(limited, formValuesOf(limited))).toEqual({});
    expect(changesOf(limited, { ...formValuesOf(limited), rateLimit: '', retrySchedule: '' })).toEqual({ rate_limit: null, retry_schedule: null });
    expect(changesOf(endpoint(), { ...formValuesOf(endpoint()), rateLimit: '50', retrySchedule: '1s,x' })).toEqual({ rate_limit: 50, retry_schedule: '1s,x' });
  });

  it.each([
    ['url', 'url'],
    ['rate_limit', 'rate_limit'],
    ['retry_schedule', 'retry_schedule'],
    ['event_types', 'event_types'],
    ['event_types[3]', 'event_types'],
    ['metadata', undefined],
    ['idempotency-key', undefined],
    [undefined, undefined],
  ])('an error on %s marks the control %s', (apiField, control) => {
    expect(fieldOf(apiField)).toBe(control);
  });

  it('offers the listed types, then the patterns the endpoint holds that are not among them', () => {
    expect(typeChoices(['job.failed', 'run.failed'], ['run.*', 'job.failed', '*'])).toEqual(['job.failed', 'run.failed', 'run.*', '*']);
    expect(patternMeaning('run.*')).toBe('Every run event type, including ones added later.');
    expect(patternMeaning('*')).toBe('Every event type, including ones added later.');
    expect(subscriptionSummary(null)).toBe('all event types');
    expect(subscriptionSummary(['job.failed', 'run.*'])).toBe('job.failed, run.*');
  });
});
