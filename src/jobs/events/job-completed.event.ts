import { DomainEvent } from '../../platform/domain/domain-event';
import type { Metadata } from '../../platform/domain/metadata';
import type { JobTerminalStatus } from '../domain/job-status';

/** The job's first (and only) transition into a terminal status. Carries what its callback needs. */
export class JobCompletedEvent implements DomainEvent {
  static readonly eventType = 'JobCompleted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly status: JobTerminalStatus,
    readonly metadata: Metadata,
    readonly callbackUrl: string | null,
  ) {}

  get jobId(): string {
    return this.streamId;
  }

  toData() {
    return { job_id: this.streamId, status: this.status, completed_at: this.occurredAt.toISOString() };
  }
}
