import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
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
    if (callbackUrl !== undefined && callbackUrl !== null) this.destinations.assertAcceptableCallbackUrl('callback_url', callbackUrl);
    const command = { type: 'create', id: `run-${randomUUID()}`, agentId: agentId ?? null, callbackUrl: callbackUrl ?? null, metadata: metadata ?? {}, now: new Date() } as const;
    return this.unitOfWork.run((trx) => this.runs.execute(trx, command));
  }
}
