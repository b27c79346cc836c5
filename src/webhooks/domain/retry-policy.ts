import type { AttemptResult } from '../http/attempt-result';

export const JITTER = 0.2;

export interface AttemptVerdict {
  status: 'succeeded' | 'failed';
  /** When to try again; null when no further attempt is planned (delivered, 410 Gone, blocked, or schedule exhausted). */
  nextAttemptAt: Date | null;
}

/**
 * 2xx delivers. 410 Gone and a blocked destination stop for good. Anything else waits the schedule's next delay
 * (±20% jitter so a receiver that failed for everyone is not hit by everyone at the same instant); a Retry-After
 * on 429/503 is honoured within [delay, 2 × delay]. Past the schedule the delivery is a dead letter.
 */
export function judgeAttempt(
  result: AttemptResult,
  attemptNumber: number,
  scheduleMs: readonly number[],
  now: Date,
  random: () => number = Math.random,
): AttemptVerdict {
  if (result.outcome === 'success') return { status: 'succeeded', nextAttemptAt: null };
  if (result.statusCode === 410 || result.outcome === 'blocked') return { status: 'failed', nextAttemptAt: null };
  const scheduled = scheduleMs[attemptNumber - 1];
  if (scheduled === undefined) return { status: 'failed', nextAttemptAt: null };
  const delay =
    result.retryAfterMs !== undefined
      ? Math.min(Math.max(result.retryAfterMs, scheduled), 2 * scheduled)
      : scheduled * (1 - JITTER + 2 * JITTER * random());
  return { status: 'failed', nextAttemptAt: new Date(now.getTime() + Math.round(delay)) };
}
