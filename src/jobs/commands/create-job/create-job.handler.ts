import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import { Job } from '../../domain/job';
import { JobRecord } from '../../persistence/job.orm-entity';
import { JobRepository } from '../../persistence/job.repository';
import { CreateJobCommand } from './create-job.command';

@CommandHandler(CreateJobCommand)
export class CreateJobHandler implements ICommandHandler<CreateJobCommand, JobRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: JobRepository,
    private readonly destinations: DestinationPolicy,
  ) {}

  async execute({ callbackUrl, metadata }: CreateJobCommand): Promise<JobRecord> {
    if (callbackUrl) this.destinations.assertAcceptableCallbackUrl('callback_url', callbackUrl);
    const job = Job.create(`job-${randomUUID()}`, callbackUrl ?? null, metadata ?? {}, new Date());
    return this.unitOfWork.run(async (trx) => this.jobs.save(trx, job));
  }
}
