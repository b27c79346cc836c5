const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "250ms", "5s", "30m", "2h", "5d" -> milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}

/** The longest delay a retry schedule may hold: past it, a due time would leave the range a date can hold. */
const MAX_RETRY_DELAY_MS = 30 * 86_400_000;
export const RETRY_SCHEDULE_RULE = 'a comma-separated list of positive durations of at most 30d such as "5s,5m,2h" (units ms, s, m, h, d)';

/** A retry schedule ("5s,5m,2h"): the delays, or the first part that is not a positive duration. */
export function parseRetrySchedule(raw: string): { delaysMs: number[] } | { badPart: string } {
  const delaysMs: number[] = [];
  for (const part of raw.split(',').map((text) => text.trim())) {
    const ms = parseDuration(part);
    if (ms === undefined || ms <= 0 || ms > MAX_RETRY_DELAY_MS) return { badPart: part };
    delaysMs.push(ms);
  }
  return { delaysMs };
}
