import { describe, expect, it } from '@jest/globals';
import { cursorAfter } from '../../../dashboard/src/delivery-page';
import { CREATED_CURSOR, VERSION_CURSOR } from './page-cursor';

const position = { at: new Date('2026-12-02T13:00:59.123Z'), id: 'dlv-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21' };
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('page cursors', () => {
  it('read back exactly the position they were written from, as opaque base64url text', () => {
    const cursor = CREATED_CURSOR.encode(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(CREATED_CURSOR.decode(cursor)).toEqual(position);
    expect(VERSION_CURSOR.decode(VERSION_CURSOR.encode(7))).toBe(7);
  });

  it("are refused when this service did not write them: garbage, another list's kind, a changed value", () => {
    const refused = [
      '', 'not a cursor', '%%%', 'a'.repeat(401), base64url('{"at":1}'), base64url('[]'), base64url('["x"]'),
      base64url('["2026-12-02T13:00:59Z","job-1"]'), // not the service's own time format
      base64url('["2026-02-30T13:00:59.123Z","job-1"]'), // no such day
      base64url('["2026-12-02T13:00:59.123Z","job\\u0000"]'),
      base64url('["2026-12-02T13:00:59.123Z",""]'),
      VERSION_CURSOR.encode(3),
    ];
    for (const cursor of refused) expect([cursor, CREATED_CURSOR.decode(cursor)]).toEqual([cursor, undefined]);
    for (const cursor of [CREATED_CURSOR.encode(position), base64url('[0]'), base64url('[1.5]'), base64url('["1"]'), base64url(`[${2 ** 31}]`)]) {
      expect([cursor, VERSION_CURSOR.decode(cursor)]).toEqual([cursor, undefined]);
    }
  });

  it("the dashboard's cursor for a place in the deliveries list is the one the service writes for it", () => {
    for (const { at, id } of [position, { at: new Date(Date.UTC(2026, 0, 1)), id: 'dlv-1' }]) {
      expect(cursorAfter({ created_at: at.toISOString(), id })).toBe(CREATED_CURSOR.encode({ at, id }));
    }
  });
});
