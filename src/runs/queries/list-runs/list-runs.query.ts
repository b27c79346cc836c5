import { RunFilter } from '../../persistence/runs.table';

export class ListRunsQuery {
  constructor(readonly filter: RunFilter) {}
}
