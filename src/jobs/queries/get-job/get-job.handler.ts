import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { JobRecord } from '../../persistence/job.orm-entity';
import { JobsTable } from '../../persistence/jobs.table';
import { GetJobQuery } from './get-job.query';

@QueryHandler(GetJobQuery)
export class GetJobHandler implements IQueryHandler<GetJobQuery, JobRecord> {
  constructor(private readonly jobs: JobsTable) {}

  execute({ jobId }: GetJobQuery): Promise<JobRecord> {
    return this.jobs.findById(jobId);
  }
}
