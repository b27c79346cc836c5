import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import { newId } from '../../../platform/domain/new-id';
import { idempotentId, requestDigest } from '../../../platform/http/idempotency-key';
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

  async execute({ agentId, callbackUrl, metadata, idempotency }: CreateRunCommand): Promise<RunRecord> {
    if (callbackUrl !== undefined && callbackUrl !== null) this.destinations.assertAcceptableCallbackUrl('callback_url', callbackUrl);
    const asked = { agentId: agentId ?? null, callbackUrl: callbackUrl ?? null, metadata: metadata ?? {} };
    const command = {
      type: 'create', ...asked, now: new Date(),
      ...(idempotency ? { id: idempotentId('run', idempotency, 'runs'), requestDigest: requestDigest(asked) } : { id: newId('run') }),
    } as const;
    return this.unitOfWork.run((batch) => this.runs.execute(batch, command));
  }
}
