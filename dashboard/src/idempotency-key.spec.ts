import { describe, expect, it } from '@jest/globals';
import { newIdempotencyKey } from './idempotency-key';

describe('an Idempotency-Key', () => {
  it('is a version 4 UUID made of the random bytes', () => {
    const bytes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect(newIdempotencyKey(() => bytes)).toBe('00112233-4455-4677-8899-aabbccddeeff');
  });

  it('differs each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
