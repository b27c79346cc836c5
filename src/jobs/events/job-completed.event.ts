import { DomainEvent } from '../../platform/domain/domain-event';
import type { JobTerminalStatus } from '../domain/job-status';

/** The job's first (and only) transition into a terminal status. What its callback sends is derived from it and its stream (webhooks/outbox/completion-delivery.ts). */
export class JobCompletedEvent implements DomainEvent {
  static readonly eventType = 'JobCompleted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly status: JobTerminalStatus,
  ) {}

  get jobId(): string {
    return this.streamId;
  }

  toData() {
    return { job_id: this.streamId, status: this.status, completed_at: this.occurredAt.toISOString() };
  }
}
