import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import { Run } from '../../domain/run';
import { RunRecord } from '../../persistence/run.orm-entity';
import { RunRepository } from '../../persistence/run.repository';
import { CreateRunCommand } from './create-run.command';

@CommandHandler(CreateRunCommand)
export class CreateRunHandler implements ICommandHandler<CreateRunCommand, RunRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunRepository,
    private readonly destinations: DestinationPolicy,
  ) {}

  async execute({ agentId, callbackUrl, metadata }: CreateRunCommand): Promise<RunRecord> {
    if (callbackUrl) this.destinations.assertAcceptableCallbackUrl('callback_url', callbackUrl);
    const run = Run.create(`run-${randomUUID()}`, agentId ?? null, callbackUrl ?? null, metadata ?? {}, new Date());
    return this.unitOfWork.run(async (trx) => this.runs.save(trx, run));
  }
}
