import { describe, expect, it } from '@jest/globals';
import { replay, run } from '../../../test/support/decider-harness';
import { DomainError, EntityNotFoundError, InvalidInputError } from '../../platform/domain/domain-error';
import type { EndpointCommand } from './endpoint-command';
import { ENDPOINT_DECIDER, PAUSED_THROUGH_API } from './endpoint-decider';

const at = (second: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, second));
const create = (overrides: Partial<Extract<EndpointCommand, { type: 'create' }>> = {}): EndpointCommand => ({
  type: 'create', endpointId: 'ep-1', url: 'https://hooks.test/a', description: 'ops', eventTypes: ['job.failed'], enabled: true, rateLimit: null, retrySchedule: null,
  metadata: { team: 'ops' }, startsAfter: '42', secretId: 'sec-1', now: at(0), ...overrides,
});
const update = (second: number, fields: Partial<Extract<EndpointCommand, { type: 'update' }>>): EndpointCommand => ({ type: 'update', endpointId: 'ep-1', now: at(second), ...fields });

describe('the endpoint decider', () => {
  it('creates, changes only what differs, pauses and resumes, rotates, deletes; replays to the same state', () => {
    const done = run(ENDPOINT_DECIDER, [
      create(),
      update(1, { url: 'https://hooks.test/a', description: 'on-call', eventTypes: ['job.failed'] }),
      update(2, { enabled: false }),
      update(3, { enabled: false }),
      update(4, { enabled: true, eventTypes: null, rateLimit: 20, retrySchedule: '1s,1m' }),
      { type: 'rotateSecret', endpointId: 'ep-1', secretId: 'sec-2', previousExpiresAt: at(30), now: at(5) },
      { type: 'delete', endpointId: 'ep-1', now: at(6) },
    ]);
    expect(done.events.map((event) => [event.type, event.data])).toEqual([
      ['EndpointCreated', {
        endpoint_id: 'ep-1', url: 'https://hooks.test/a', destination_host: 'hooks.test', description: 'ops', event_types: ['job.failed'], enabled: true,
        rate_limit: null, retry_schedule: null, metadata: { team: 'ops' }, starts_after: '42', secret_id: 'sec-1',
      }],
      ['EndpointUpdated', { endpoint_id: 'ep-1', description: 'on-call' }],
      ['EndpointDisabled', { endpoint_id: 'ep-1', reason: PAUSED_THROUGH_API, cause: 'paused' }],
      ['EndpointUpdated', { endpoint_id: 'ep-1', event_types: null, rate_limit: 20, retry_schedule: '1s,1m' }],
      ['EndpointEnabled', { endpoint_id: 'ep-1' }],
      ['EndpointSecretRotated', { endpoint_id: 'ep-1', secret_id: 'sec-2', previous_secret_id: 'sec-1', previous_expires_at: at(30).toISOString() }],
      ['EndpointDeleted', { endpoint_id: 'ep-1' }],
    ]);
    expect(done.state).toEqual({
      id: 'ep-1', url: 'https://hooks.test/a', destinationHost: 'hooks.test', description: 'on-call', eventTypes: null, enabled: true, enabledSince: at(4), disabledReason: null, disabledCause: null, rateLimit: 20, retrySchedule: '1s,1m',
      metadata: { team: 'ops' }, secretId: 'sec-2', secretRotatedAt: at(5), previousSecretExpiresAt: at(30), createdAt: at(0), updatedAt: at(6), deletedAt: at(6),
    });
    expect(replay(ENDPOINT_DECIDER, done.events)).toEqual(done.state);
  });

  it('a deleted or unknown endpoint is not found, whatever is asked of it', () => {
    const deleted = run(ENDPOINT_DECIDER, [create(), { type: 'delete', endpointId: 'ep-1', now: at(1) }]);
    for (const command of [update(2, { enabled: true }), { type: 'delete', endpointId: 'ep-1', now: at(2) } as EndpointCommand]) {
      expect(() => run(ENDPOINT_DECIDER, [command], deleted)).toThrow(EntityNotFoundError);
      expect(() => run(ENDPOINT_DECIDER, [command])).toThrow(EntityNotFoundError);
    }
  });

  it('an idempotent create repeats as a no-op with the same request, and is a conflict with another', () => {
    const first = run(ENDPOINT_DECIDER, [create({ requestDigest: 'd1' })]);
    expect(run(ENDPOINT_DECIDER, [create({ requestDigest: 'd1', secretId: 'sec-other' })], first).last).toEqual([]);
    expect(() => run(ENDPOINT_DECIDER, [create({ requestDigest: 'd2' })], first)).toThrow(DomainError);
  });

  it.each([
    [create({ url: 'ftp://hooks.test/a' }), 'url'],
    [create({ eventTypes: ['job.failed', 'job.burnt'] }), 'event_types[1]'],
    [create({ eventTypes: [] }), 'event_types'],
    [create({ description: 'x'.repeat(1001) }), 'description'],
    [create({ metadata: [] as never }), 'metadata'],
    [create({ rateLimit: 0 }), 'rate_limit'],
    [create({ rateLimit: 2.5 }), 'rate_limit'],
    [create({ rateLimit: 10_001 }), 'rate_limit'],
    [create({ retrySchedule: '5s,0s' }), 'retry_schedule'],
    [create({ retrySchedule: 'soon' }), 'retry_schedule'],
    [create({ retrySchedule: Array(31).fill('1s').join(',') }), 'retry_schedule'],
  ])('refuses bad input naming the field (%#)', (command, field) => {
    expect(() => run(ENDPOINT_DECIDER, [command])).toThrow(expect.objectContaining({ field }) as never);
    expect(() => run(ENDPOINT_DECIDER, [command])).toThrow(InvalidInputError);
  });

  it('an update to a bad value is refused naming it; a created-paused endpoint says why', () => {
    const created = run(ENDPOINT_DECIDER, [create({ enabled: false })]);
    expect(created.state).toMatchObject({ enabled: false, enabledSince: null, disabledReason: PAUSED_THROUGH_API, disabledCause: 'paused' });
    expect(() => run(ENDPOINT_DECIDER, [update(1, { eventTypes: ['*', 'nope'] })], created)).toThrow(expect.objectContaining({ field: 'event_types[1]' }) as never);
    expect(() => run(ENDPOINT_DECIDER, [update(1, { url: 'not a url' })], created)).toThrow(expect.objectContaining({ field: 'url' }) as never);
  });

  describe('says why it is disabled, for machines as well as in words', () => {
    const failing = 'every attempt has failed since 2026-12-03T09:00:00.000Z (ENDPOINT_DISABLE_AFTER: 1000 ms)';
    const disable = (second: number): EndpointCommand => ({ type: 'disableFailing', endpointId: 'ep-1', reason: failing, now: at(second) });
    const cause = (state: { disabledReason: string | null; disabledCause: string | null } | undefined) => state && [state.disabledCause, state.disabledReason];

    it.each([
      ['created paused', [create({ enabled: false })], ['paused', PAUSED_THROUGH_API]],
      ['paused by an update', [create(), update(1, { enabled: false })], ['paused', PAUSED_THROUGH_API]],
      ['disabled by the service for failing', [create(), disable(1)], ['failing', failing]],
      ['resumed after a pause', [create({ enabled: false }), update(1, { enabled: true })], [null, null]],
      ['resumed after the service disabled it', [create(), disable(1), update(2, { enabled: true })], [null, null]],
      ['paused again after a resume', [create(), disable(1), update(2, { enabled: true }), update(3, { enabled: false })], ['paused', PAUSED_THROUGH_API]],
      ['enabled from the start', [create()], [null, null]],
    ])('%s', (_, commands, expected) => {
      const done = run(ENDPOINT_DECIDER, commands as EndpointCommand[]);
      expect(cause(done.state)).toEqual(expected);
      expect(cause(replay(ENDPOINT_DECIDER, done.events))).toEqual(expected);
    });

    it('the disable event carries the cause it decided; a second disable, or a pause of a disabled one, changes nothing', () => {
      const disabled = run(ENDPOINT_DECIDER, [create(), disable(1)]);
      expect(disabled.last.map((event) => [event.type, event.data])).toEqual([['EndpointDisabled', { endpoint_id: 'ep-1', reason: failing, cause: 'failing' }]]);
      expect(run(ENDPOINT_DECIDER, [disable(2)], disabled).last).toEqual([]);
      expect(run(ENDPOINT_DECIDER, [update(2, { enabled: false })], disabled).last).toEqual([]);
      const paused = run(ENDPOINT_DECIDER, [create(), update(1, { enabled: false })]);
      expect(paused.last.map((event) => event.data)).toEqual([{ endpoint_id: 'ep-1', reason: PAUSED_THROUGH_API, cause: 'paused' }]);
      expect(cause(run(ENDPOINT_DECIDER, [disable(2)], paused).state)).toEqual(['paused', PAUSED_THROUGH_API]);
    });
  });
});
