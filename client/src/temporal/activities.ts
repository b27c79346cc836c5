import { ApplicationFailure, CancelledFailure, activityInfo, cancellationSignal, log } from '@temporalio/activity';
import type { CallbackClient } from '../client.js';
import { CallbackApiError } from '../errors.js';

type JobOrRunOutcome = 'completed' | 'failed' | 'cancelled';
type StepOutcome = 'success' | 'failed' | 'cancelled';

/** Where the direct step webhook goes: the seed's settings, read from the worker's environment. */
export interface StepWebhookSettings {
  url?: string;
  key?: string;
  timeoutMs?: number;
}

const STEP_WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * A refusal (4xx: unknown id, a different outcome already recorded, bad input) will not change on retry: fail the
 * activity for good. Anything else (the service unreachable, 5xx) is thrown as is, and Temporal retries it.
 */
async function reported<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CallbackApiError && error.statusCode >= 400 && error.statusCode < 500) {
      throw ApplicationFailure.nonRetryable(`${what}: ${error.message}`, 'CallbackApiError', { statusCode: error.statusCode, field: error.field });
    }
    throw error;
  }
}

/**
 * Activities on the service: `completeJob`, `completeRun` and `completeStep` report a finish (the service then
 * delivers the callback durably, retried, signed); `sendStepCompleteWebhook` is the seed's direct mode. Every call
 * is cancelled with the activity.
 */
export function createActivities(client: CallbackClient, stepWebhook: StepWebhookSettings = fromEnvironment(process.env)) {
  return {
    async completeJob(jobId: string, status: JobOrRunOutcome, metadata?: Record<string, unknown>) {
      const signal = cancellationSignal();
      return reported(`job ${jobId}`, () => client.updateJob(jobId, { status, ...(metadata ? { metadata } : {}) }, { signal }));
    },
    async completeRun(runId: string, status: JobOrRunOutcome, metadata?: Record<string, unknown>) {
      const signal = cancellationSignal();
      return reported(`run ${runId}`, () => client.updateRun(runId, { status, ...(metadata ? { metadata } : {}) }, { signal }));
    },
    async completeStep(stepId: string, status: StepOutcome, error?: string) {
      const signal = cancellationSignal();
      return reported(`step ${stepId}`, async () => {
        try {
          return await client.completeStep(stepId, { status, ...(error ? { error } : {}) }, { signal });
        } catch (refusal) {
          // Cancelling a run cancels its pending steps: an agent finishing one of them afterwards is not a failure of
          // the workflow. The step is answered as it is (cancelled), and the activity completes.
          if (!(refusal instanceof CallbackApiError && refusal.statusCode === 409)) throw refusal;
          const step = await client.getStep(stepId, { signal });
          if (step.status !== 'cancelled') throw refusal;
          log.warn('step was cancelled with its run before it finished; its outcome is not recorded', { stepId, status });
          return step;
        }
      });
    },
    /**
     * POST {"step_id"} to STEP_COMPLETE_WEBHOOK with `Authorization: Bearer STEP_COMPLETE_KEY`, 10 s timeout. A failed
     * webhook never fails the workflow: the outcome is logged (info, or warn for a refusal or timeout, error otherwise)
     * and the activity returns. Only a cancellation of the activity itself is thrown.
     */
    async sendStepCompleteWebhook(stepId: string): Promise<{ sent: boolean; statusCode?: number; error?: string }> {
      if (!stepWebhook.url) {
        log.debug('STEP_COMPLETE_WEBHOOK is not set: no step webhook sent', { stepId });
        return { sent: false };
      }
      const cancelled = cancellationSignal();
      const timeoutMs = stepWebhook.timeoutMs ?? STEP_WEBHOOK_TIMEOUT_MS;
      const fields = { stepId, attempt: activityInfo().attempt };
      try {
        const response = await fetch(stepWebhook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(stepWebhook.key ? { authorization: `Bearer ${stepWebhook.key}` } : {}) },
          body: JSON.stringify({ step_id: stepId }),
          signal: AbortSignal.any([cancelled, AbortSignal.timeout(timeoutMs)]),
        });
        await response.body?.cancel();
        if (response.ok) {
          log.info('step webhook delivered', { ...fields, statusCode: response.status });
          return { sent: true, statusCode: response.status };
        }
        log.warn('step webhook refused', { ...fields, statusCode: response.status });
        return { sent: false, statusCode: response.status, error: `HTTP ${response.status}` };
      } catch (error) {
        if (cancelled.aborted) throw cancelled.reason instanceof CancelledFailure ? cancelled.reason : new CancelledFailure('activity cancelled');
        const timedOut = (error as Error).name === 'TimeoutError';
        const message = timedOut ? `timeout after ${timeoutMs} ms` : ((error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
        if (timedOut) log.warn('step webhook timed out', { ...fields, error: message });
        else log.error('step webhook failed', { ...fields, error: message });
        return { sent: false, error: message };
      }
    },
  };
}

export type CallbackActivities = ReturnType<typeof createActivities>;

export function fromEnvironment(env: Record<string, string | undefined>): StepWebhookSettings {
  return { url: env.STEP_COMPLETE_WEBHOOK || undefined, key: env.STEP_COMPLETE_KEY || undefined };
}
