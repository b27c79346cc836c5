import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { RunRecord } from '../../persistence/run.orm-entity';
import { RunRepository } from '../../persistence/run.repository';
import { CancelRunCommand } from './cancel-run.command';

@CommandHandler(CancelRunCommand)
export class CancelRunHandler implements ICommandHandler<CancelRunCommand, RunRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunRepository,
  ) {}

  execute({ runId }: CancelRunCommand): Promise<RunRecord> {
    return this.unitOfWork.run((batch) => this.runs.execute(batch, { type: 'update', id: runId, status: 'cancelled', now: new Date() }));
  }
}
