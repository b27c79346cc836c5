// What the endpoint pages say about an endpoint in words: its health figures, its delivery settings, whether the
// service disabled it, and whether the secret a rotation replaced still signs. Pure, so the unit tier covers it.
import type { Endpoint, EndpointHealth } from './api';

/** Disabled by the service itself (failing for ENDPOINT_DISABLE_AFTER), not paused by someone through the API. */
export function disabledByService(endpoint: Pick<Endpoint, 'disabled_cause'>): boolean {
  return endpoint.disabled_cause === 'failing';
}

/** 0.25 → "25 %", 1/3 → "33.3 %": one decimal at most, as the API rounds to four places. */
export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10} %`;
}

/** "25 % of 4 attempts", or that there were none in the window (the API's null rate). */
export function successRateText(health: Pick<EndpointHealth, 'success_rate' | 'attempts' | 'window_minutes'>): string {
  if (health.success_rate === null) return `no attempts in the last ${windowText(health.window_minutes)}`;
  return `${percent(health.success_rate)} of ${health.attempts} ${health.attempts === 1 ? 'attempt' : 'attempts'}`;
}

/** The short form for a table cell: "25 % of 4", "no attempts". */
export function successRateCell(health: Pick<EndpointHealth, 'success_rate' | 'attempts'>): string {
  return health.success_rate === null ? 'no attempts' : `${percent(health.success_rate)} of ${health.attempts}`;
}

export function windowText(minutes: number): string {
  if (minutes === 60) return 'hour';
  return minutes % 60 === 0 ? `${minutes / 60} hours` : `${minutes} minutes`;
}

/** 8 → "8 ms", 1234.5 → "1.23 s", null → "—" (no attempt in the window). */
export function durationText(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms / 10) / 100} s`;
}

/** "3 failed attempts in a row" (the streak counts since the last success, however old), or "none". */
export function failingStreakText(streak: number): string {
  if (streak === 0) return 'none';
  return `${streak} failed ${streak === 1 ? 'attempt' : 'attempts in a row'}`;
}

export function rateLimitText(rateLimit: number | null): string {
  return rateLimit === null ? 'no limit' : `at most ${rateLimit} ${rateLimit === 1 ? 'request' : 'requests'} a second, across all replicas`;
}

/** "5s, 1m, 10m (3 retries)", or the service's schedule when the endpoint has none of its own. */
export function retryScheduleText(schedule: string | null): string {
  if (schedule === null) return "the service's (WEBHOOK_RETRY_SCHEDULE)";
  const delays = schedule.split(',').map((delay) => delay.trim());
  return `${delays.join(', ')} (${delays.length} ${delays.length === 1 ? 'retry' : 'retries'})`;
}

/** Whether the secret the last rotation replaced still signs beside the current one at `now`. */
export function previousSecretSigns(endpoint: Pick<Endpoint, 'previous_secret_expires_at'>, now: number): boolean {
  return endpoint.previous_secret_expires_at !== null && Date.parse(endpoint.previous_secret_expires_at) > now;
}
