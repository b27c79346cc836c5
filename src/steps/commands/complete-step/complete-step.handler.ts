import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { StepRecord } from '../../persistence/step.orm-entity';
import { StepRepository } from '../../persistence/step.repository';
import { CompleteStepCommand } from './complete-step.command';

@CommandHandler(CompleteStepCommand)
export class CompleteStepHandler implements ICommandHandler<CompleteStepCommand, StepRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly steps: StepRepository,
  ) {}

  execute({ stepId, status, error, metrics }: CompleteStepCommand): Promise<StepRecord> {
    return this.unitOfWork.run((batch) => this.steps.execute(batch, { type: 'complete', stepId, status, error, metrics, now: new Date() }));
  }
}
