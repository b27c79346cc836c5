import { ApplicationFailure, activityInfo, cancellationSignal, log } from '@temporalio/activity';
import { createHash } from 'node:crypto';
import type { CallbackClient } from '../client.js';
import { CallbackApiError } from '../errors.js';
import type { CreateRunRequest } from '../generated/api.js';
import { createStepWebhookSender, fromEnvironment, type StepWebhookSettings } from './step-webhook.js';

type JobOrRunOutcome = 'completed' | 'failed' | 'cancelled';
type StepOutcome = 'success' | 'failed' | 'cancelled';

/**
 * A refusal (4xx: unknown id, a different outcome already recorded, bad input) will not change on retry: fail the
 * activity for good. Anything else (the service unreachable, 5xx) is thrown as is, and Temporal retries it.
 */
async function reported<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CallbackApiError && error.statusCode >= 400 && error.statusCode < 500) {
      throw ApplicationFailure.nonRetryable(`${what}: ${error.message}`, 'CallbackApiError', { statusCode: error.statusCode, field: error.field, requestId: error.requestId });
    }
    throw error;
  }
}

/**
 * The Idempotency-Key of a create made by this activity: the same on every retry of it (Temporal keeps the activity
 * id), so a retry after a lost answer gets the first run or step, never a second. Outside a workflow: none (the
 * client makes one per call).
 */
function activityIdempotencyKey(): string | undefined {
  const { workflowExecution, activityId, namespace } = activityInfo();
  if (!workflowExecution) return undefined;
  const identity = [namespace, workflowExecution.workflowId, workflowExecution.runId, activityId].join('\n');
  return `temporal-${createHash('sha256').update(identity).digest('hex')}`;
}

/**
 * Activities on the service: `createRun` and `addStep` open a run and its steps; `completeJob`, `completeRun` and
 * `completeStep` report a finish (the service then delivers the callback durably, retried, signed);
 * `sendStepCompleteWebhook` is the seed's direct mode. Every call is cancelled with the activity.
 */
export function createActivities(client: CallbackClient, stepWebhook: StepWebhookSettings = fromEnvironment(process.env)) {
  return {
    async createRun(request: CreateRunRequest = {}) {
      const signal = cancellationSignal();
      return reported('create run', () => client.createRun(request, { signal, idempotencyKey: activityIdempotencyKey() }));
    },
    async addStep(runId: string, metadata?: Record<string, unknown>) {
      const signal = cancellationSignal();
      return reported(`add step to run ${runId}`, () => client.addStep(runId, metadata ? { metadata } : {}, { signal, idempotencyKey: activityIdempotencyKey() }));
    },
    async completeJob(jobId: string, status: JobOrRunOutcome, metadata?: Record<string, unknown>) {
      const signal = cancellationSignal();
      return reported(`job ${jobId}`, () => client.updateJob(jobId, { status, ...(metadata ? { metadata } : {}) }, { signal }));
    },
    async completeRun(runId: string, status: JobOrRunOutcome, metadata?: Record<string, unknown>) {
      const signal = cancellationSignal();
      return reported(`run ${runId}`, () => client.updateRun(runId, { status, ...(metadata ? { metadata } : {}) }, { signal }));
    },
    async completeStep(stepId: string, status: StepOutcome, error?: string, metrics?: Record<string, number>) {
      const signal = cancellationSignal();
      return reported(`step ${stepId}`, async () => {
        try {
          // Metrics are recorded with the completion, so they are there before the step webhook is sent.
          return await client.completeStep(stepId, { status, ...(error ? { error } : {}), ...(metrics ? { metrics } : {}) }, { signal });
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
    /** The seed's direct step webhook (see createStepWebhookSender): never throws on a webhook failure. */
    sendStepCompleteWebhook: createStepWebhookSender(stepWebhook),
  };
}

export type CallbackActivities = ReturnType<typeof createActivities>;
