import { describe, expect, it } from '@jest/globals';
import { keptResponseHeaders, MAX_KEPT_HEADERS, MAX_VALUE_LENGTH } from './kept-response-headers';

describe('the response headers an attempt keeps', () => {
  it('lowercased and sorted; credentials redacted; a list joined', () => {
    expect(keptResponseHeaders({
      'X-Request-Id': 'req-1', 'Set-Cookie': ['a=1', 'b=2'], Authorization: 'Bearer x', 'x-api-key': 'k', 'X-Session-Id': 's',
      'x-upstream-signature': 'sig', 'content-type': 'text/plain', Via: ['1.1 a', '1.1 b'], absent: undefined,
    })).toEqual({
      authorization: '[redacted]', 'content-type': 'text/plain', 'set-cookie': '[redacted]', via: '1.1 a, 1.1 b', 'x-api-key': '[redacted]',
      'x-request-id': 'req-1', 'x-session-id': '[redacted]', 'x-upstream-signature': '[redacted]',
    });
  });

  it('bounded: at most 32 headers, each value cut at 256 characters, storable text', () => {
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x-h${String(i).padStart(3, '0')}`, 'v']));
    const kept = keptResponseHeaders({ ...many, 'a-long': 'y'.repeat(1000), 'a-nul': 'x\u0000y' });
    expect(Object.keys(kept)).toHaveLength(MAX_KEPT_HEADERS);
    expect(kept['a-long']).toBe(`${'y'.repeat(MAX_VALUE_LENGTH)}…`);
    expect(kept['a-nul']).toBe('x\\x00y');
    expect(Object.keys(kept).slice(-1)).toEqual(['x-h029']);
  });
});
