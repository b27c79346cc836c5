import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DomainError, EntityNotFoundError } from '../../../platform/domain/domain-error';
import { RUN_TERMINAL_STATUSES } from '../../../runs/domain/run-status';
import { RunRecord } from '../../../runs/persistence/run.orm-entity';
import { Step } from '../../domain/step';
import { StepRecord } from '../../persistence/step.orm-entity';
import { StepRepository } from '../../persistence/step.repository';
import { CreateStepCommand } from './create-step.command';

@CommandHandler(CreateStepCommand)
export class CreateStepHandler implements ICommandHandler<CreateStepCommand, StepRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly steps: StepRepository,
  ) {}

  execute({ runId, metadata }: CreateStepCommand): Promise<StepRecord> {
    return this.unitOfWork.run(async (trx) => {
      // FOR SHARE: a concurrent command that finishes the run waits for this step, or this step sees it finished.
      const run = await trx.manager.findOne(RunRecord, { where: { id: runId }, lock: { mode: 'pessimistic_read' } });
      if (!run) throw new EntityNotFoundError('run', runId);
      if (RUN_TERMINAL_STATUSES.has(run.status)) {
        throw new DomainError('conflict', `run ${runId} is already ${run.status}; steps cannot be added to it`);
      }
      return this.steps.save(trx, Step.create(`step-${randomUUID()}`, runId, metadata ?? {}, new Date()));
    });
  }
}
