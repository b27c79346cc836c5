// The example workflow's logic, apart from Temporal's workflow APIs (which it is handed), so that it can be run with
// real activities outside a workflow too. Workflow code: deterministic, imports nothing but types.
import type { CallbackActivities } from './activities.js';

export interface AgentStep {
  /** A step added beforehand; without one it is added to the run first (addStep). */
  stepId?: string;
  metadata?: Record<string, unknown>;
  outcome: 'success' | 'failed';
  error?: string;
  /** What the step measured (names to numbers), recorded with its finish. */
  metrics?: Record<string, number>;
}

export interface AgentRunInput {
  /** A run created beforehand; without one the workflow creates it (createRun) with `run`. */
  runId?: string;
  run?: { agent_id?: string; callback_url?: string; metadata?: Record<string, unknown> };
  /** The agent's steps, with what each came to. */
  steps: AgentStep[];
  /** Also POST the seed's direct step webhook from the worker. */
  directStepWebhook?: boolean;
}

type Reporting = Pick<CallbackActivities, 'createRun' | 'addStep' | 'completeStep' | 'completeRun' | 'sendStepCompleteWebhook'>;

export interface WorkflowTools {
  log: { warn(message: string, attributes?: Record<string, unknown>): void };
  /** True for the workflow's own cancellation, which must still end it. */
  isCancellation(error: unknown): boolean;
}

/**
 * Reports an agent's run to the service. Reporting never decides the agent's outcome (the seed's rule: webhook
 * trouble never fails the agent's workflow): an activity that still fails after its retries — the service or a
 * webhook unreachable, a refusal — is logged and the workflow goes on; what it could not report is skipped.
 */
export async function reportAgentRun(activities: Reporting, input: AgentRunInput, { log, isCancellation }: WorkflowTools): Promise<'completed' | 'failed'> {
  const attempt = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn('could not report to the callback service; the workflow goes on', { what, error: errorText(error) });
      return undefined;
    }
  };
  const runId = input.runId ?? (await attempt('createRun', () => activities.createRun(input.run ?? {})))?.id;
  let failed = false;
  for (const step of input.steps) {
    failed ||= step.outcome === 'failed';
    const stepId = step.stepId ?? (runId ? (await attempt('addStep', () => activities.addStep(runId, step.metadata)))?.id : undefined);
    if (!stepId) continue;
    await attempt('completeStep', () => activities.completeStep(stepId, step.outcome, step.error, step.metrics));
    if (input.directStepWebhook) await attempt('sendStepCompleteWebhook', () => activities.sendStepCompleteWebhook(stepId));
  }
  const status = failed ? 'failed' : 'completed';
  if (runId) await attempt('completeRun', () => activities.completeRun(runId, status));
  return status;
}

/** An activity failure's own message and its cause's (Temporal wraps the activity's error in an ActivityFailure). */
function errorText(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { message?: string } };
  return [message, cause?.message].filter(Boolean).join(': ');
}
