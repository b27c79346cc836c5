import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { JobRecord } from '../../persistence/job.orm-entity';
import { JobsTable } from '../../persistence/jobs.table';
import { ListJobsQuery } from './list-jobs.query';

@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery, JobRecord[]> {
  constructor(private readonly jobs: JobsTable) {}

  execute({ filter }: ListJobsQuery): Promise<JobRecord[]> {
    return this.jobs.list(filter);
  }
}
