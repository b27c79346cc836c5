import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { StepRecord } from '../../persistence/step.orm-entity';
import { StepsTable } from '../../persistence/steps.table';
import { GetStepQuery } from './get-step.query';

@QueryHandler(GetStepQuery)
export class GetStepHandler implements IQueryHandler<GetStepQuery, StepRecord> {
  constructor(private readonly steps: StepsTable) {}

  execute({ stepId }: GetStepQuery): Promise<StepRecord> {
    return this.steps.findById(stepId);
  }
}
