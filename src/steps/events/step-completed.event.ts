import { DomainEvent } from '../../platform/domain/domain-event';
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
    };
  }
}
