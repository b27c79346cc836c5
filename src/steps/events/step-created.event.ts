import { DomainEvent } from '../../platform/domain/domain-event';
import type { Metadata } from '../../platform/domain/metadata';

export class StepCreatedEvent implements DomainEvent {
  static readonly eventType = 'StepCreated';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly runId: string,
    readonly metadata: Metadata,
  ) {}

  toData() {
    return { step_id: this.streamId, run_id: this.runId, metadata: this.metadata };
  }
}
