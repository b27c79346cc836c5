import { describe, expect, it } from '@jest/globals';
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
});
