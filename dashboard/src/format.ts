/** "4 s", "3 min", "2 h", "5 d": how long ago or how far ahead, for tables. */
export function span(ms: number): string {
  const seconds = Math.abs(ms) / 1000;
  if (seconds < 1) return `${Math.round(Math.abs(ms))} ms`;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export function ago(iso: string, now = Date.now()): string {
  const ms = now - Date.parse(iso);
  return ms < 1000 ? 'just now' : `${span(ms)} ago`;
}

export function inFuture(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  return ms <= 0 ? 'now' : `in ${span(ms)}`;
}

/** completed_at → success, or null while not delivered. */
export function latencyMs(delivery: { succeeded_at: string | null; subject_completed_at: string }): number | null {
  return delivery.succeeded_at ? Date.parse(delivery.succeeded_at) - Date.parse(delivery.subject_completed_at) : null;
}

/** "2026-12-02 13:38:01.123 UTC": the exact instant, shown on hover. */
export function utcTime(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

const LOCAL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** The instant in the viewer's own time zone and language, the zone named. */
export function localTime(iso: string): string {
  return LOCAL.format(new Date(iso));
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
