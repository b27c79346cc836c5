import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { JobRecord } from '../../persistence/job.orm-entity';
import { JobRepository } from '../../persistence/job.repository';
import { CancelJobCommand } from './cancel-job.command';

@CommandHandler(CancelJobCommand)
export class CancelJobHandler implements ICommandHandler<CancelJobCommand, JobRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobRepository,
  ) {}

  execute({ jobId }: CancelJobCommand): Promise<JobRecord> {
    return this.unitOfWork.run((batch) => this.jobs.execute(batch, { type: 'update', id: jobId, status: 'cancelled', now: new Date() }));
  }
}
