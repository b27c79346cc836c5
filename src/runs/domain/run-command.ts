import type { LifecycleCommand } from '../../lifecycle/lifecycle-command';

/** A run's commands: the lifecycle's (a create may name the agent), and a step joining it. */
export type RunCommand =
  | Exclude<LifecycleCommand, { type: 'create' }>
  | (Extract<LifecycleCommand, { type: 'create' }> & { agentId: string | null })
  | { type: 'addStep'; id: string; stepId: string; now: Date };
