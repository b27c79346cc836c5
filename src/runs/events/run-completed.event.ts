import { DomainEvent } from '../../platform/domain/domain-event';
import type { Metadata } from '../../platform/domain/metadata';
import type { RunTerminalStatus } from '../domain/run-status';

/** The run's first (and only) transition into a terminal status. Carries what its callback needs. */
export class RunCompletedEvent implements DomainEvent {
  static readonly eventType = 'RunCompleted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly status: RunTerminalStatus,
    readonly metadata: Metadata,
    readonly callbackUrl: string | null,
  ) {}

  get runId(): string {
    return this.streamId;
  }

  toData() {
    return { run_id: this.streamId, status: this.status, completed_at: this.occurredAt.toISOString() };
  }
}
