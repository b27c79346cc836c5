import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { RunRepository } from '../../../runs/persistence/run.repository';
import { Step } from '../../domain/step';
import type { StepRecord } from '../../persistence/step.orm-entity';
import { StepRepository } from '../../persistence/step.repository';
import { CreateStepCommand } from './create-step.command';

@CommandHandler(CreateStepCommand)
export class CreateStepHandler implements ICommandHandler<CreateStepCommand, StepRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunRepository,
    private readonly steps: StepRepository,
  ) {}

  execute({ runId, metadata }: CreateStepCommand): Promise<StepRecord> {
    const stepId = `step-${randomUUID()}`;
    return this.unitOfWork.run(async (trx) => {
      const now = new Date();
      const run = await this.runs.load(trx, runId);
      run.addStep(stepId, now); // 409 on a terminal run; collides with a concurrent run completion
      this.runs.save(trx, run);
      return this.steps.save(trx, Step.create(stepId, runId, metadata ?? {}, now));
    });
  }
}
