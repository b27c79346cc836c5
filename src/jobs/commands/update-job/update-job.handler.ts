import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { JobRecord } from '../../persistence/job.orm-entity';
import { JobRepository } from '../../persistence/job.repository';
import { UpdateJobCommand } from './update-job.command';

@CommandHandler(UpdateJobCommand)
export class UpdateJobHandler implements ICommandHandler<UpdateJobCommand, JobRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobRepository,
  ) {}

  execute({ jobId, status, metadata, callbackUrl }: UpdateJobCommand): Promise<JobRecord> {
    return this.unitOfWork.run((batch) => this.jobs.execute(batch, { type: 'update', id: jobId, status, metadata, callbackUrl, now: new Date() }));
  }
}
