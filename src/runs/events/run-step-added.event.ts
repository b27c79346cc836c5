import type { DomainEvent } from '../../platform/domain/domain-event';

/**
 * A step joined the run. Recorded on the run's stream so that adding a step and finishing the run are
 * ordered by the stream's version: a step can never slip into a run that concurrently became terminal.
 */
export class RunStepAddedEvent implements DomainEvent {
  static readonly eventType = 'RunStepAdded';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly stepId: string,
  ) {}

  toData() {
    return { run_id: this.streamId, step_id: this.stepId };
  }
}
