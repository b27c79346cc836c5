/**
 * Errors that mean "the database cannot be reached, dropped the connection or could not answer in time", not "the
 * statement was wrong". 57014: statement_timeout (e.g. waiting for a lock a partitioned session holds); 25P03: the
 * server ended a session left idle in its transaction. Either way nothing of the statement committed. A read
 * replica also cancels a query whose rows its replay must remove ("conflict with recovery"): asked again, it runs.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300', '57014', '25P03']);
const UNAVAILABLE_MESSAGE = /query runner was already released|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|conflict with recovery/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
    if (typeof current.message === 'string' && UNAVAILABLE_MESSAGE.test(current.message)) return true;
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return false;
}
