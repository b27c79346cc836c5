import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RunRepository } from '../../../runs/persistence/run.repository';
import { StepRecord } from '../../persistence/step.orm-entity';
import { StepRepository } from '../../persistence/step.repository';
import { ListRunStepsQuery } from './list-run-steps.query';

@QueryHandler(ListRunStepsQuery)
export class ListRunStepsHandler implements IQueryHandler<ListRunStepsQuery, StepRecord[]> {
  constructor(
    private readonly runs: RunRepository,
    private readonly steps: StepRepository,
  ) {}

  async execute({ runId, after, limit }: ListRunStepsQuery): Promise<StepRecord[]> {
    if (after === undefined) await this.runs.findById(runId); // 404 for an unknown run rather than an empty list
    return this.steps.listByRun(runId, { after, limit });
  }
}
