import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import { newId } from '../../../platform/domain/new-id';
import { idempotentId, requestDigest } from '../../../platform/http/idempotency-key';
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

  async execute({ callbackUrl, metadata, idempotency }: CreateJobCommand): Promise<JobRecord> {
    if (callbackUrl !== undefined && callbackUrl !== null) this.destinations.assertAcceptableCallbackUrl('callback_url', callbackUrl);
    const asked = { callbackUrl: callbackUrl ?? null, metadata: metadata ?? {} };
    const command = {
      type: 'create', ...asked, now: new Date(),
      ...(idempotency ? { id: idempotentId('job', idempotency, 'jobs'), requestDigest: requestDigest(asked) } : { id: newId('job') }),
    } as const;
    return this.unitOfWork.run((batch) => this.jobs.execute(batch, command));
  }
}
