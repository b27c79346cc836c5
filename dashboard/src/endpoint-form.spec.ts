import { describe, expect, it } from '@jest/globals';
import type { Endpoint } from './api';
import { changesOf, createBody, fieldOf, formValuesOf, patternMeaning, subscriptionSummary, typeChoices } from './endpoint-form';

// Only the fields the form reads (an assertion, so fields the API adds later need no change here).
const endpoint = (fields: Partial<Endpoint> = {}) =>
  ({
    id: 'ep-1', url: 'https://hooks.example.com/a', description: 'on-call', event_types: ['job.failed', 'run.*'], enabled: true,
    disabled_reason: null, metadata: {}, secret_rotated_at: null, created_at: '2026-12-02T13:00:00.000Z', updated_at: '2026-12-02T13:00:00.000Z',
    ...fields,
  }) as Endpoint;

describe('the endpoint form', () => {
  it('creates with what was filled in, leaving the rest to the API (no description, every type)', () => {
    expect(createBody({ ...formValuesOf(), url: ' https://hooks.example.com/a ' })).toEqual({ url: 'https://hooks.example.com/a', enabled: true });
    expect(createBody({ url: 'https://x.example', description: ' night ', allTypes: false, eventTypes: ['job.failed'], enabled: false }))
      .toEqual({ url: 'https://x.example', description: 'night', event_types: ['job.failed'], enabled: false });
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

  it.each([
    ['url', 'url'],
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
