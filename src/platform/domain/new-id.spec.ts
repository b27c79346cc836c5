import { describe, expect, it } from '@jest/globals';
import { newId } from './new-id';

describe('newId', () => {
  it('is the prefix and a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const at = Date.UTC(2026, 11, 4, 18, 30, 0, 123);
    const id = newId('job', at);
    expect(id).toMatch(/^job-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(4, 12) + id.slice(13, 17), 16)).toBe(at);
  });

  it('sorts as text by the time it was made, and is unique within a millisecond', () => {
    const earlier = Array.from({ length: 1000 }, () => newId('dlv', 1_800_000_000_000));
    const later = Array.from({ length: 1000 }, () => newId('dlv', 1_800_000_000_001));
    expect(new Set([...earlier, ...later]).size).toBe(2000);
    expect(later.every((id) => earlier.every((before) => before < id))).toBe(true);
  });
});
