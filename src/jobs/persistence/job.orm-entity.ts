import { Entity } from 'typeorm';
import { LifecycleRecord } from '../../lifecycle/lifecycle-record';
import type { JobStatus } from '../domain/job-status';

/** The jobs projection: the current state of each job stream, plus the latest callback outcome. */
@Entity({ name: 'jobs' })
export class JobRecord extends LifecycleRecord {
  declare status: JobStatus;
}
