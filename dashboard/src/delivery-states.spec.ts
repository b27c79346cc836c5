import { describe, expect, it } from '@jest/globals';
import type { Delivery } from './api';
import { apiStatus, deliveryState, stateMatches } from './delivery-states';

const LEGACY = ['pending', 'delivering', 'succeeded', 'failed'];
const SPLIT = ['pending', 'delivering', 'retrying', 'succeeded', 'dead_lettered'];
const delivery = (status: string, next_attempt_at: string | null = null) => ({ status, next_attempt_at }) as Pick<Delivery, 'status' | 'next_attempt_at'>;

describe('delivery states, whichever names the API uses', () => {
  it.each([
    ['retrying', null, 'retrying'],
    ['dead_lettered', null, 'dead_lettered'],
    ['failed', '2026-12-02T14:00:00.000Z', 'retrying'],
    ['failed', null, 'dead_lettered'],
    ['delivering', null, 'delivering'],
  ])('%s with next attempt %s is %s', (status, next, state) => {
    expect(deliveryState(delivery(status, next))).toBe(state);
  });

  it.each([
    ['dead_lettered', SPLIT, 'dead_lettered'],
    ['dead_lettered', LEGACY, 'failed'],
    ['retrying', LEGACY, 'failed'],
    ['failed', SPLIT, undefined],
    ['failed', LEGACY, 'failed'],
    ['succeeded', LEGACY, 'succeeded'],
    [undefined, SPLIT, undefined],
  ])('a filter on %s asks an API that knows %j for %s', (wanted, known, sent) => {
    expect(apiStatus(wanted, known)).toBe(sent);
  });

  it('narrows what the API answers to the state asked for; an old link’s failed keeps both of its halves', () => {
    expect(stateMatches('retrying', 'dead_lettered')).toBe(false);
    expect(stateMatches('dead_lettered', 'dead_lettered')).toBe(true);
    expect(['retrying', 'dead_lettered', 'succeeded'].map((s) => stateMatches(s as 'retrying', 'failed'))).toEqual([true, true, false]);
    expect(stateMatches('pending', undefined)).toBe(true);
  });
});
