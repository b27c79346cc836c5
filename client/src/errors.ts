/** The service answered with an error: its HTTP status, message, the field it names, and the request id to quote. */
export class CallbackApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly field: string | undefined,
    readonly body: unknown,
    /** The answer's Retry-After in milliseconds (capped at 30 s), if it named one. */
    readonly retryAfterMs?: number,
    /** The request's id (the answer's `x-request-id`, else the one this client sent): quote it to support. */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400, 413, 415, 422: the request itself is wrong (`field` names what); repeating it will not help. */
export class CallbackValidationError extends CallbackApiError {}

/** 401 or 403: no valid API key. */
export class CallbackAuthenticationError extends CallbackApiError {}

/** 404: no job, run, step or delivery has that id. */
export class CallbackNotFoundError extends CallbackApiError {}

/** 409: the entity's state forbids it (a finished job changed otherwise), or an Idempotency-Key reused with another body. */
export class CallbackConflictError extends CallbackApiError {}

/**
 * 410 from the event feed: retention (RETENTION) purged events after the `after` asked for, so the feed cannot go on
 * from there without a gap. `historyStartsAfter` is where it is whole again: read on from it if skipping is acceptable.
 */
export class CallbackHistoryPurgedError extends CallbackApiError {
  get historyStartsAfter(): string | undefined {
    const sequence = (this.body as { history_starts_after?: unknown } | undefined)?.history_starts_after;
    return typeof sequence === 'string' ? sequence : undefined;
  }
}

/** 429: too many requests (a proxy in front of the service); `retryAfterMs` says when to come back. */
export class CallbackRateLimitedError extends CallbackApiError {}

/** 502, 503, 504: the service (or its database) is unavailable for now; `retryAfterMs` says when to come back. */
export class CallbackUnavailableError extends CallbackApiError {}

const ERROR_BY_STATUS: Record<number, typeof CallbackApiError> = {
  400: CallbackValidationError,
  401: CallbackAuthenticationError,
  403: CallbackAuthenticationError,
  404: CallbackNotFoundError,
  409: CallbackConflictError,
  410: CallbackHistoryPurgedError,
  413: CallbackValidationError,
  415: CallbackValidationError,
  422: CallbackValidationError,
  429: CallbackRateLimitedError,
  502: CallbackUnavailableError,
  503: CallbackUnavailableError,
  504: CallbackUnavailableError,
};

/** The most specific error class for a status (CallbackApiError itself for any other). */
export function apiErrorFor(statusCode: number, message: string, field: string | undefined, body: unknown, retryAfterMs: number | undefined, requestId: string | undefined): CallbackApiError {
  const ErrorClass = ERROR_BY_STATUS[statusCode] ?? CallbackApiError;
  return new ErrorClass(statusCode, message, field, body, retryAfterMs, requestId);
}

/** The service could not be reached (refused, reset, timed out) after the retries the call allows. */
export class CallbackNetworkError extends Error {
  constructor(
    message: string,
    readonly cause: unknown,
    /** The id this client sent with the last attempt (the service logs it if the request got that far). */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'CallbackNetworkError';
  }
}
