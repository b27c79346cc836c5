import { JobFilter } from '../../persistence/job.repository';

export class ListJobsQuery {
  constructor(readonly filter: JobFilter) {}
}
