import { LifecycleAggregate, LifecycleState } from '../../platform/domain/lifecycle-aggregate';
import { assertMetadata } from '../../platform/domain/input-rules';
import type { Metadata } from '../../platform/domain/metadata';
import { JobCompletedEvent } from '../events/job-completed.event';
import { JobCreatedEvent } from '../events/job-created.event';
import { JobMetadataChangedEvent } from '../events/job-metadata-changed.event';
import { JobStartedEvent } from '../events/job-started.event';
import { JOB_STATUSES, JOB_TERMINAL_STATUSES, type JobStatus, type JobTerminalStatus } from './job-status';

export type JobState = LifecycleState<JobStatus>;

const JOB_RULES = { kind: 'job', statuses: JOB_STATUSES, initial: 'created', running: 'running', terminal: JOB_TERMINAL_STATUSES } as const;

export class Job extends LifecycleAggregate<JobStatus, JobState> {
  private constructor(state: JobState, version: number) {
    super(state, version, JOB_RULES);
  }

  static create(id: string, callbackUrl: string | null, metadata: Metadata, now: Date): Job {
    assertMetadata('metadata', metadata);
    const job = new Job(
      { id, status: 'created', metadata, callbackUrl, createdAt: now, updatedAt: now, completedAt: null },
      0,
    );
    job.record(new JobCreatedEvent(id, now, callbackUrl, metadata));
    return job;
  }

  static restore(state: JobState, version: number): Job {
    return new Job(state, version);
  }

  cancel(now: Date): void {
    this.update({ status: 'cancelled' }, now);
  }

  protected started(now: Date) {
    return new JobStartedEvent(this.state.id, now);
  }

  protected metadataChanged(update: Metadata, now: Date) {
    return new JobMetadataChangedEvent(this.state.id, now, update);
  }

  protected completed(now: Date) {
    const { id, status, metadata, callbackUrl } = this.state;
    return new JobCompletedEvent(id, now, status as JobTerminalStatus, metadata, callbackUrl);
  }
}
