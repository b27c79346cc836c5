/** The service answered with an error: its HTTP status, message and (for bad input) the field it names. */
export class CallbackApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field: string | undefined,
    readonly body: unknown,
    /** The answer's Retry-After in milliseconds (capped at 30 s), if it named one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CallbackApiError';
  }
}

/** The service could not be reached (refused, reset, timed out) after the retries the call allows. */
export class CallbackNetworkError extends Error {
  constructor(
    message: string,
    readonly cause: unknown,
  ) {
    super(message);
    this.name = 'CallbackNetworkError';
  }
}
