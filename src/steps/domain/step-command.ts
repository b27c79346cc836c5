import type { Metadata } from '../../platform/domain/metadata';
import type { StepMetrics } from './step-metrics';
import type { StepTerminalStatus } from './step-status';

/** What may be asked of a step. `now` is the decision's time: the decider reads no clock. */
export type StepCommand =
  | { type: 'create'; stepId: string; runId: string; metadata: Metadata; now: Date; requestDigest?: string }
  | { type: 'complete'; stepId: string; status: StepTerminalStatus; error: string | undefined; metrics?: StepMetrics; now: Date };
