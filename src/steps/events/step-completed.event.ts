import { DomainEvent } from '../../platform/domain/domain-event';
import type { StepMetrics } from '../domain/step-metrics';
import type { StepTerminalStatus } from '../domain/step-status';

/** The step's first (and only) transition into success, failed or cancelled. */
export class StepCompletedEvent implements DomainEvent {
  static readonly eventType = 'StepCompleted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly runId: string,
    readonly status: StepTerminalStatus,
    readonly error: string | null,
    /** Absent when none were reported; events written before metrics existed have none either. */
    readonly metrics?: StepMetrics,
  ) {}

  get stepId(): string {
    return this.streamId;
  }

  toData() {
    return {
      step_id: this.streamId,
      run_id: this.runId,
      status: this.status,
      error: this.error,
      completed_at: this.occurredAt.toISOString(),
      ...(this.metrics ? { metrics: this.metrics } : {}),
    };
  }
}
