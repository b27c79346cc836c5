import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RunsTable } from '../../../runs/persistence/runs.table';
import { StepRecord } from '../../persistence/step.orm-entity';
import { StepsTable } from '../../persistence/steps.table';
import { ListRunStepsQuery } from './list-run-steps.query';

@QueryHandler(ListRunStepsQuery)
export class ListRunStepsHandler implements IQueryHandler<ListRunStepsQuery, StepRecord[]> {
  constructor(
    private readonly runs: RunsTable,
    private readonly steps: StepsTable,
  ) {}

  async execute({ runId, page, checkRun }: ListRunStepsQuery): Promise<StepRecord[]> {
    if (checkRun) await this.runs.findById(runId);
    return this.steps.listByRun(runId, page);
  }
}
