import { describe, expect, it } from '@jest/globals';
import { EVENT_SCHEMAS } from '../../event-schemas';
import { UnreadableEventError } from '../../platform/domain/domain-error';

const stored = (schemaVersion: number, data: object) => ({
  streamId: 'ep-1', version: 2, type: 'EndpointDisabled', schemaVersion, data, occurredAt: new Date('2026-12-01T10:00:00.000Z'),
});
const FAILING = 'every attempt has failed since 2026-11-26T10:00:00.000Z (ENDPOINT_DISABLE_AFTER: 432000000 ms)';

describe('EndpointDisabled as stored before it carried its cause (v1)', () => {
  it('is written at v2 now', () => {
    expect(EVENT_SCHEMAS.currentVersion('EndpointDisabled')).toBe(2);
  });

  it.each([
    ['a pause through the API', 'paused through the API', 'paused'],
    ['the service disabling a failing endpoint', FAILING, 'failing'],
  ])('reads %s with its cause, from the reason text', (_, reason, cause) => {
    expect(EVENT_SCHEMAS.read(stored(1, { endpoint_id: 'ep-1', reason }))).toEqual({ endpoint_id: 'ep-1', reason, cause });
  });

  it('a v2 event is read as it is, and one without a known cause, or without its reason, is refused', () => {
    expect(EVENT_SCHEMAS.read(stored(2, { endpoint_id: 'ep-1', reason: FAILING, cause: 'failing' }))).toEqual({ endpoint_id: 'ep-1', reason: FAILING, cause: 'failing' });
    expect(() => EVENT_SCHEMAS.read(stored(2, { endpoint_id: 'ep-1', reason: FAILING }))).toThrow(UnreadableEventError);
    expect(() => EVENT_SCHEMAS.read(stored(2, { endpoint_id: 'ep-1', reason: FAILING, cause: 'bored' }))).toThrow('data.cause "bored" is not one of paused, failing');
    expect(() => EVENT_SCHEMAS.read(stored(1, { endpoint_id: 'ep-1' }))).toThrow('data.reason is missing or not a string');
  });
});
