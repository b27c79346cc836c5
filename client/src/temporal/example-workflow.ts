// An example workflow: an agent run whose steps are reported to the service as they finish. Workflow code runs in
// Temporal's deterministic sandbox, so it only imports @temporalio/workflow, types, and pure code.
import { isCancellation, log, proxyActivities } from '@temporalio/workflow';
import type { CallbackActivities } from './activities.js';
import { reportAgentRun, type AgentRunInput } from './agent-run.js';
import { stepActivityOptions } from './options.js';

export type { AgentRunInput, AgentStep } from './agent-run.js';

/** The options every activity below runs with (the seed's: 15 s per attempt, 30 s in all). */
export const activityOptions = stepActivityOptions;

const activities = proxyActivities<CallbackActivities>(activityOptions);

/** Creates the run unless given one, adds and finishes each step, finishes the run; never fails for reporting. */
export async function agentRunWorkflow(input: AgentRunInput): Promise<'completed' | 'failed'> {
  return reportAgentRun(activities, input, { log, isCancellation });
}
