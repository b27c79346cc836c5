import { describe, expect, it } from '@jest/globals';
import { UnreadableEventError } from '../domain/domain-error';
import { EventSchemas } from './event-schemas';

const envelope = { streamId: 'job-1', occurredAt: new Date('2026-11-26T10:00:00.000Z') };

describe('EventSchemas', () => {
  const schemas = new EventSchemas([
    { type: 'Renamed', fromVersion: 1, upcast: ({ old, ...rest }) => ({ ...rest, renamed: old }) },
    { type: 'Renamed', fromVersion: 2, upcast: (data, { streamId }) => ({ ...data, stream: streamId }) },
  ]);

  it('names the current version of each type: one past its newest upcaster, else 1', () => {
    expect(schemas.currentVersion('Renamed')).toBe(3);
    expect(schemas.currentVersion('Untouched')).toBe(1);
  });

  it('runs the chain from the stored version to the current one, and nothing for a current event', () => {
    expect(schemas.upcast('Renamed', 1, { old: 'x', keep: 1 }, envelope)).toEqual({ renamed: 'x', keep: 1, stream: 'job-1' });
    expect(schemas.upcast('Renamed', 2, { renamed: 'y' }, envelope)).toEqual({ renamed: 'y', stream: 'job-1' });
    const current = { renamed: 'z', stream: 'job-9' };
    expect(schemas.upcast('Renamed', 3, current, envelope)).toBe(current);
    expect(schemas.upcast('Untouched', 1, current, envelope)).toBe(current);
  });

  it('refuses a chain with a gap or two upcasters for one version', () => {
    expect(() => new EventSchemas([{ type: 'T', fromVersion: 2, upcast: (d) => d }])).toThrow('T: no upcaster from v1, so older events could not be read');
    const twice = { type: 'T', fromVersion: 1, upcast: (d: object) => d };
    expect(() => new EventSchemas([twice, twice])).toThrow('two upcasters for T v1');
  });

  describe('read: what cannot be read is refused, naming the event, never shown under a label it does not match', () => {
    const shaped = new EventSchemas(
      [{ type: 'Created', fromVersion: 1, upcast: (data, { occurredAt }) => ({ ...data, created_at: occurredAt.toISOString() }) }],
      [
        { type: 'Created', fields: { created_at: 'string', note: 'string?', metadata: 'object', extra: 'object?' } },
        { type: 'Completed', fields: { status: ['done', 'failed'] } },
      ],
    );
    const stored = (type: string, schemaVersion: number, data: Record<string, unknown>) => ({
      streamId: 'job-7', version: 3, type, schemaVersion, data, occurredAt: envelope.occurredAt,
    });
    const refusal = (event: ReturnType<typeof stored>) => {
      try {
        shaped.read(event);
      } catch (error) {
        return error;
      }
      throw new Error('read() accepted it');
    };

    it('upcasts an old version and checks the current shape', () => {
      expect(shaped.read(stored('Created', 1, { metadata: {}, note: null }))).toEqual({ metadata: {}, note: null, created_at: '2026-11-26T10:00:00.000Z' });
      expect(shaped.read(stored('Created', 2, { metadata: {}, note: 'n', created_at: 'x' }))).toEqual({ metadata: {}, note: 'n', created_at: 'x' });
      expect(shaped.read(stored('Completed', 1, { status: 'done', extra: 1 }))).toEqual({ status: 'done', extra: 1 });
      expect(shaped.read(stored('Unshaped', 1, { anything: true }))).toEqual({ anything: true });
    });

    it.each([
      ['a version newer than known', stored('Created', 3, { metadata: {}, created_at: 'x' }), 'schema v3 is newer than the newest this service knows (v2)'],
      ['a version older than the oldest (v0)', stored('Created', 0, { metadata: {}, created_at: 'x' }), 'schema v0 is not a version of Created (v1 to v2)'],
      ['a negative version', stored('Completed', -1, { status: 'done' }), 'schema v-1 is not a version of Completed (v1 to v1)'],
      ['a newer version of a type without upcasters', stored('Unshaped', 2, {}), 'schema v2 is newer than the newest this service knows (v1)'],
      ['data without what its version promises', stored('Created', 2, { metadata: {} }), 'data.created_at is missing or not a string'],
      ['a field of the wrong kind', stored('Created', 2, { metadata: 'x', created_at: 'x' }), 'data.metadata is missing or not an object'],
      ['an optional object that is a list', stored('Created', 2, { metadata: {}, created_at: 'x', extra: [] }), 'data.extra is not an object or null'],
      ['a nullable text that is a number', stored('Created', 2, { metadata: {}, created_at: 'x', note: 5 }), 'data.note is not a string or null'],
      ['an unknown status', stored('Completed', 1, { status: 'exploded' }), 'data.status "exploded" is not one of done, failed'],
      ['data that is not an object', stored('Completed', 1, null as unknown as Record<string, unknown>), 'data is not a JSON object'],
    ])('refuses %s', (_, event, reason) => {
      const error = refusal(event) as UnreadableEventError;
      expect(error).toBeInstanceOf(UnreadableEventError);
      expect(error.code).toBe('unreadable_event');
      expect(error.message).toBe(`event job-7 v3 (${event.type}, schema v${event.schemaVersion}) cannot be read: ${reason}`);
    });

    it('refuses a shape declared twice', () => {
      expect(() => new EventSchemas([], [{ type: 'T', fields: {} }, { type: 'T', fields: {} }])).toThrow('two shapes for T');
    });
  });
});
