import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RunRecord } from '../../persistence/run.orm-entity';
import { RunRepository } from '../../persistence/run.repository';
import { ListRunsQuery } from './list-runs.query';

@QueryHandler(ListRunsQuery)
export class ListRunsHandler implements IQueryHandler<ListRunsQuery, RunRecord[]> {
  constructor(private readonly runs: RunRepository) {}

  execute({ filter }: ListRunsQuery): Promise<RunRecord[]> {
    return this.runs.list(filter);
  }
}
