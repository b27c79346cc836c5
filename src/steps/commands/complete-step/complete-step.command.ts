import type { StepMetrics } from '../../domain/step-metrics';
import type { StepTerminalStatus } from '../../domain/step-status';

/** Finishes a step; other modules may execute it on the CommandBus without going through HTTP. */
export class CompleteStepCommand {
  constructor(
    readonly stepId: string,
    readonly status: StepTerminalStatus = 'success',
    readonly error?: string,
    readonly metrics?: StepMetrics,
  ) {}
}
