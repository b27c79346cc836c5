import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { RunRecord } from '../../persistence/run.orm-entity';
import { RunRepository } from '../../persistence/run.repository';
import { UpdateRunCommand } from './update-run.command';

@CommandHandler(UpdateRunCommand)
export class UpdateRunHandler implements ICommandHandler<UpdateRunCommand, RunRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunRepository,
  ) {}

  execute({ runId, status, metadata, callbackUrl }: UpdateRunCommand): Promise<RunRecord> {
    return this.unitOfWork.run((batch) => this.runs.execute(batch, { type: 'update', id: runId, status, metadata, callbackUrl, now: new Date() }));
  }
}
