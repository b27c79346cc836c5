import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PageRequest } from '../../platform/database/keyset-page';
import { LifecycleRepository } from '../../platform/database/lifecycle-repository';
import { EventStore } from '../../platform/event-store/event-store';
import { LifecycleHistory } from '../../platform/domain/lifecycle-history';
import { Job, type JobState } from '../domain/job';
import type { JobStatus } from '../domain/job-status';
import { JobRecord } from './job.orm-entity';

export interface JobFilter extends PageRequest {
  status?: JobStatus;
}

@Injectable()
export class JobRepository extends LifecycleRepository<Job, JobRecord> {
  constructor(dataSource: DataSource, eventStore: EventStore) {
    super(dataSource, eventStore, 'job', 'jobs', JobRecord);
  }

  protected history(id: string): LifecycleHistory<JobState> {
    return new LifecycleHistory<JobState>('Job', id);
  }

  protected restore({ id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt, version }: JobRecord): Job {
    return Job.restore({ id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt }, version);
  }

  list({ status, ...page }: JobFilter): Promise<JobRecord[]> {
    return this.page({ status }, page);
  }
}
