import { describe, expect, it } from '@jest/globals';
import { isTransientReadFailure, withReadRetries } from './read-retry';

describe('a read tried again while the service cannot answer for a moment', () => {
  const answers = (...outcomes: (number | 'no answer')[]) => {
    const tried: number[] = [];
    const attempt = async () => {
      const outcome = outcomes[tried.length];
      tried.push(tried.length + 1);
      if (outcome === 'no answer') throw new TypeError('Failed to fetch');
      return { status: outcome };
    };
    return { attempt, tried };
  };
  const slept: number[] = [];
  const sleep = async (ms: number) => void slept.push(ms);

  it('takes 502, 503, 504 and no answer as passing, every other status as the answer', () => {
    expect([null, 502, 503, 504].map(isTransientReadFailure)).toEqual([true, true, true, true]);
    expect([200, 204, 400, 401, 404, 409, 410, 429, 500].map(isTransientReadFailure)).toEqual(Array(9).fill(false));
  });

  it('returns the first answer that is not transient, after the pauses it took', async () => {
    slept.length = 0;
    const { attempt, tried } = answers(503, 'no answer', 200);
    expect(await withReadRetries(attempt, sleep, [300, 1000])).toEqual({ status: 200 });
    expect(tried).toEqual([1, 2, 3]);
    expect(slept).toEqual([300, 1000]);
  });

  it('does not try again after a final answer (a 404 or a 500 is the answer)', async () => {
    slept.length = 0;
    const { attempt, tried } = answers(404);
    expect(await withReadRetries(attempt, sleep, [300, 1000])).toEqual({ status: 404 });
    expect(tried).toEqual([1]);
    expect(slept).toEqual([]);
  });

  it('lets the last try stand when every try failed: its answer, or its failure', async () => {
    slept.length = 0;
    const still503 = answers(503, 503, 503);
    expect(await withReadRetries(still503.attempt, sleep, [300, 1000])).toEqual({ status: 503 });
    expect(still503.tried).toEqual([1, 2, 3]);
    const unreachable = answers('no answer', 'no answer', 'no answer');
    await expect(withReadRetries(unreachable.attempt, sleep, [300, 1000])).rejects.toThrow('Failed to fetch');
    expect(unreachable.tried).toEqual([1, 2, 3]);
  });
});
