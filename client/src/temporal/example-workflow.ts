// An example workflow: an agent run whose steps are reported to the service as they finish. Workflow code runs in
// Temporal's deterministic sandbox, so it only imports @temporalio/workflow, types, and pure data.
import { proxyActivities } from '@temporalio/workflow';
import type { CallbackActivities } from './activities.js';
import { stepActivityOptions } from './options.js';

/** The options every activity below runs with (the seed's: 15 s per attempt, 30 s in all). */
export const activityOptions = stepActivityOptions;

const { completeStep, completeRun, sendStepCompleteWebhook } = proxyActivities<CallbackActivities>(activityOptions);

export interface AgentRunInput {
  runId: string;
  /** Steps already added to the run (POST /v1/runs/:id/steps) with what each came to. */
  steps: { stepId: string; outcome: 'success' | 'failed'; error?: string }[];
  /** Also POST the seed's direct step webhook from the worker. */
  directStepWebhook?: boolean;
}

export async function agentRunWorkflow({ runId, steps, directStepWebhook = false }: AgentRunInput): Promise<'completed' | 'failed'> {
  let failed = false;
  for (const { stepId, outcome, error } of steps) {
    await completeStep(stepId, outcome, error);
    if (directStepWebhook) await sendStepCompleteWebhook(stepId); // never throws on a webhook failure
    failed ||= outcome === 'failed';
  }
  const status = failed ? 'failed' : 'completed';
  await completeRun(runId, status);
  return status;
}
