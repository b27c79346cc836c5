import { describe, expect, it } from '@jest/globals';
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

  it('forgets a deleted row', () => {
    const rows = new RecentRows<string>(2);
    rows.set('a', 'A1');
    rows.delete('a');
    expect(rows.get('a')).toBeUndefined();
  });
});
