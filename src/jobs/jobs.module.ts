import { Module } from '@nestjs/common';
import { DestinationModule } from '../platform/destination/destination.module';
import { CancelJobHandler } from './commands/cancel-job/cancel-job.handler';
import { CreateJobHandler } from './commands/create-job/create-job.handler';
import { UpdateJobHandler } from './commands/update-job/update-job.handler';
import { JobsController } from './jobs.controller';
import { JobRepository } from './persistence/job.repository';
import { JobsTable } from './persistence/jobs.table';
import { GetJobHandler } from './queries/get-job/get-job.handler';
import { ListJobsHandler } from './queries/list-jobs/list-jobs.handler';

@Module({
  imports: [DestinationModule],
  controllers: [JobsController],
  providers: [JobRepository, JobsTable, CreateJobHandler, UpdateJobHandler, CancelJobHandler, GetJobHandler, ListJobsHandler],
  exports: [JobRepository, JobsTable],
})
export class JobsModule {}
