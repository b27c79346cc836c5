import { DomainEvent } from '../../platform/domain/domain-event';
import type { RunTerminalStatus } from '../domain/run-status';

/** The run's first (and only) transition into a terminal status. What its callback sends is derived from it and its stream (webhooks/outbox/completion-delivery.ts). */
export class RunCompletedEvent implements DomainEvent {
  static readonly eventType = 'RunCompleted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly status: RunTerminalStatus,
  ) {}

  get runId(): string {
    return this.streamId;
  }

  toData() {
    return { run_id: this.streamId, status: this.status, completed_at: this.occurredAt.toISOString() };
  }
}
