import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { JobRecord } from '../../persistence/job.orm-entity';
import { JobRepository } from '../../persistence/job.repository';
import { ListJobsQuery } from './list-jobs.query';

@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery, JobRecord[]> {
  constructor(private readonly jobs: JobRepository) {}

  execute({ filter }: ListJobsQuery): Promise<JobRecord[]> {
    return this.jobs.list(filter);
  }
}
