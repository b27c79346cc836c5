import { describe, expect, it, jest } from '@jest/globals';
import { RecentRows } from './recent-rows';

describe('RecentRows', () => {
  it('keeps at most its capacity, evicting the least recently written first', () => {
    const rows = new RecentRows<string>(2);
    rows.set('a', 'A1');
    rows.set('b', 'B1');
    rows.set('a', 'A2'); // rewritten: now the youngest
    rows.set('c', 'C1');
    expect(rows.get('b')).toBeUndefined();
    expect(rows.get('a')).toBe('A2');
    expect(rows.get('c')).toBe('C1');
  });

  it('does not answer a row older than its maximum age (retention may have purged its stream since)', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const rows = new RecentRows<string>(10, Number.POSITIVE_INFINITY, () => 0, 5000);
      rows.set('a', 'A1');
      now.mockReturnValue(1_005_000);
      expect(rows.get('a')).toBe('A1');
      now.mockReturnValue(1_005_001);
      expect(rows.get('a')).toBeUndefined();
      expect(rows.size).toBe(0);
    } finally {
      now.mockRestore();
    }
  });

  it('forgets a deleted row', () => {
    const rows = new RecentRows<string>(2);
    rows.set('a', 'A1');
    rows.delete('a');
    expect(rows.get('a')).toBeUndefined();
  });

  it('keeps at most its byte budget, evicting the oldest; a row over the whole budget is not kept', () => {
    const rows = new RecentRows<string>(100, 10, (row) => row.length);
    rows.set('a', 'xxxx');
    rows.set('b', 'xxxx');
    rows.set('c', 'xxxx'); // 12 bytes > 10: 'a' goes
    expect([rows.get('a'), rows.get('b'), rows.get('c')]).toEqual([undefined, 'xxxx', 'xxxx']);
    rows.set('big', 'x'.repeat(11));
    expect(rows.get('big')).toBeUndefined();
    rows.set('b', 'x'); // rewritten smaller: the budget counts the new size only
    rows.set('d', 'xxxxx');
    expect([rows.get('b'), rows.get('c'), rows.get('d'), rows.size]).toEqual(['x', 'xxxx', 'xxxxx', 3]);
  });
});
