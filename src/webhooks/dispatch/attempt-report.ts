import type { Logger } from '@nestjs/common';
import type { AttemptVerdict } from '../domain/retry-policy';
import type { AttemptResult } from '../http/attempt-result';
import type { ClaimedDelivery } from './delivery-queue';

/** One log line per attempt: structured fields first (nestjs-pino merges them into the JSON line), then the message. */
export function reportAttempt(logger: Logger, delivery: ClaimedDelivery, result: AttemptResult, verdict: AttemptVerdict, recorded: boolean): void {
  const fields = {
    webhook_id: delivery.id,
    [`${delivery.kind}_id`]: delivery.subjectId,
    attempt: delivery.attemptCount,
    outcome: result.outcome,
    status_code: result.statusCode,
    duration_ms: result.durationMs,
    next_attempt_at: verdict.nextAttemptAt?.toISOString() ?? null,
  };
  if (!recorded) {
    logger.warn(fields, 'webhook attempt not recorded: its lease was lost (taken over after expiry, or the delivery is gone)');
  } else if (result.outcome === 'success') {
    logger.log(fields, `webhook delivered: HTTP ${result.statusCode}`);
  } else {
    const line = `webhook attempt failed: ${result.error}; ${verdict.nextAttemptAt ? 'will retry' : 'no further attempts'}`;
    if (result.outcome === 'timeout' || result.outcome === 'http_error') logger.warn(fields, line);
    else logger.error(fields, line);
  }
}
