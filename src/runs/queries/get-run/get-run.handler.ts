import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { RunRecord } from '../../persistence/run.orm-entity';
import { RunsTable } from '../../persistence/runs.table';
import { GetRunQuery } from './get-run.query';

@QueryHandler(GetRunQuery)
export class GetRunHandler implements IQueryHandler<GetRunQuery, RunRecord> {
  constructor(private readonly runs: RunsTable) {}

  execute({ runId }: GetRunQuery): Promise<RunRecord> {
    return this.runs.findById(runId);
  }
}
