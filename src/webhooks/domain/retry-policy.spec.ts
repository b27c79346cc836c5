import { describe, expect, it } from '@jest/globals';
import type { AttemptResult } from '../http/attempt-result';
import { judgeAttempt } from './retry-policy';

const now = new Date('2026-11-25T12:00:00.000Z');
const result = (overrides: Partial<AttemptResult>): AttemptResult => ({
  outcome: 'http_error',
  startedAt: now,
  finishedAt: now,
  durationMs: 5,
  statusCode: 500,
  error: 'HTTP 500',
  responseBody: null,
  ...overrides,
});
const delayOf = (verdict: { nextAttemptAt: Date | null }) => verdict.nextAttemptAt!.getTime() - now.getTime();
const schedule = [5000, 300_000];

describe('judgeAttempt', () => {
  it('delivers on success', () => {
    expect(judgeAttempt(result({ outcome: 'success', statusCode: 200, error: null }), 1, schedule, now)).toEqual({ status: 'succeeded', nextAttemptAt: null });
  });

  it('stops on 410 and on a blocked destination', () => {
    expect(judgeAttempt(result({ statusCode: 410 }), 1, schedule, now)).toEqual({ status: 'failed', nextAttemptAt: null });
    expect(judgeAttempt(result({ outcome: 'blocked', statusCode: null }), 1, schedule, now).nextAttemptAt).toBeNull();
  });

  it('follows the schedule with ±20% jitter, then gives up', () => {
    expect(delayOf(judgeAttempt(result({}), 1, schedule, now, () => 0))).toBe(4000);
    expect(delayOf(judgeAttempt(result({}), 1, schedule, now, () => 1))).toBe(6000);
    expect(delayOf(judgeAttempt(result({ outcome: 'timeout', statusCode: null }), 2, schedule, now, () => 0.5))).toBe(300_000);
    expect(judgeAttempt(result({}), 3, schedule, now)).toEqual({ status: 'failed', nextAttemptAt: null });
  });

  it('honours Retry-After within [scheduled, 2 × scheduled]', () => {
    expect(delayOf(judgeAttempt(result({ statusCode: 429, retryAfterMs: 7000 }), 1, schedule, now))).toBe(7000);
    expect(delayOf(judgeAttempt(result({ statusCode: 503, retryAfterMs: 60_000 }), 1, schedule, now))).toBe(10_000);
    expect(delayOf(judgeAttempt(result({ statusCode: 429, retryAfterMs: 0 }), 1, schedule, now))).toBe(5000);
  });
});
