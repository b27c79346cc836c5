import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RunRecord } from '../../persistence/run.orm-entity';
import { RunsTable } from '../../persistence/runs.table';
import { ListRunsQuery } from './list-runs.query';

@QueryHandler(ListRunsQuery)
export class ListRunsHandler implements IQueryHandler<ListRunsQuery, RunRecord[]> {
  constructor(private readonly runs: RunsTable) {}

  execute({ filter }: ListRunsQuery): Promise<RunRecord[]> {
    return this.runs.list(filter);
  }
}
