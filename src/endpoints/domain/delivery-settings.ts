import { parseRetrySchedule, RETRY_SCHEDULE_RULE } from '../../platform/config/parse-duration';
import { InvalidInputError } from '../../platform/domain/domain-error';

export const MAX_RATE_LIMIT = 10_000;
const MAX_RETRIES = 30;

/** Requests per second to the endpoint across all replicas: a whole number from 1 to MAX_RATE_LIMIT, or null (no limit). */
export function assertRateLimit(field: string, value: unknown): asserts value is number | null {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RATE_LIMIT) {
    throw new InvalidInputError(field, `${field} must be a whole number of requests per second from 1 to ${MAX_RATE_LIMIT}, or null for no limit`);
  }
}

/** The endpoint's own retry delays, in WEBHOOK_RETRY_SCHEDULE's syntax, or null (the service's schedule). */
export function assertRetrySchedule(field: string, value: unknown): asserts value is string | null {
  if (value === null) return;
  const parsed = typeof value === 'string' ? parseRetrySchedule(value) : { badPart: String(value) };
  if ('badPart' in parsed) throw new InvalidInputError(field, `${field} must be ${RETRY_SCHEDULE_RULE}, got "${parsed.badPart}"`);
  if (parsed.delaysMs.length > MAX_RETRIES) throw new InvalidInputError(field, `${field} may hold at most ${MAX_RETRIES} delays`);
}
