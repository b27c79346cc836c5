export type AttemptOutcome = 'success' | 'timeout' | 'http_error' | 'network_error' | 'blocked';

export interface AttemptResult {
  outcome: AttemptOutcome;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** HTTP status of any response; null when none came. */
  statusCode: number | null;
  /** null after a 2xx; otherwise what went wrong: `HTTP 503`, `timeout after 5000 ms`, `ECONNREFUSED`… */
  error: string | null;
  responseBody: string | null;
  /** What is kept of the response's headers (keptResponseHeaders); null when no response came. */
  responseHeaders?: Record<string, string> | null;
  /** From a Retry-After header on a 429 or 503. */
  retryAfterMs?: number;
  /** The attempt was cut short by our own shutdown, not by the receiver: it does not count. */
  interrupted?: boolean;
}
