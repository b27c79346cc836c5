import { describe, expect, it } from '@jest/globals';
import { idempotentId, readIdempotencyKey, requestDigest } from './idempotency-key';

describe('Idempotency-Key', () => {
  const create = (key: string, token = 'team-a') => readIdempotencyKey({ 'idempotency-key': key, authorization: `Bearer ${token}` })!;

  it('gives one id per caller, scope and key, shaped like the random ids, never showing the key', () => {
    const id = idempotentId('job', create('k-1'), 'jobs');
    expect(id).toMatch(/^job-[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotentId('job', create('k-1'), 'jobs')).toBe(id);
    expect(idempotentId('job', create('k-2'), 'jobs')).not.toBe(id);
    expect(idempotentId('job', create('k-1', 'team-b'), 'jobs')).not.toBe(id);
    expect(idempotentId('job', create('k-1'), 'runs')).not.toBe(id);
    expect(create('k-1').caller).not.toContain('team-a');
  });

  it('digests a request the same whatever the order of its keys, and differently when a value differs', () => {
    expect(requestDigest({ a: 1, m: { x: [1, { p: 1, q: 2 }], y: null } })).toBe(requestDigest({ m: { y: null, x: [1, { q: 2, p: 1 }] }, a: 1 }));
    expect(requestDigest({ a: 1 })).not.toBe(requestDigest({ a: '1' }));
    expect(requestDigest({ m: [1, 2] })).not.toBe(requestDigest({ m: [2, 1] }));
  });

  it('is absent without the header and refused, naming it, when it is not a printable token', () => {
    expect(readIdempotencyKey({})).toBeUndefined();
    for (const key of ['', ' ', 'a b', 'tab\t', 'k'.repeat(256), ['a', 'b'] as never]) {
      expect(() => readIdempotencyKey({ 'idempotency-key': key })).toThrow(expect.objectContaining({ field: 'idempotency-key' }));
    }
    expect(readIdempotencyKey({ 'idempotency-key': 'k'.repeat(255) })).toMatchObject({ key: 'k'.repeat(255) });
  });
});
