import { Injectable } from '@nestjs/common';
import type { LifecycleCommand } from '../../lifecycle/lifecycle-command';
import { LifecycleRepository } from '../../lifecycle/lifecycle-repository';
import { EventStore } from '../../platform/event-store/event-store';
import { JOB_DECIDER, type JobState } from '../domain/job-decider';
import type { JobRecord } from './job.orm-entity';
import { JobsTable } from './jobs.table';

/** Runs job commands against the job's stream. */
@Injectable()
export class JobRepository extends LifecycleRepository<LifecycleCommand, JobState, JobRecord> {
  constructor(eventStore: EventStore, table: JobsTable) {
    super(eventStore, 'job', JOB_DECIDER, table);
  }
}
