import { JobFilter } from '../../persistence/jobs.table';

export class ListJobsQuery {
  constructor(readonly filter: JobFilter) {}
}
