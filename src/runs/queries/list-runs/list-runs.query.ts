import { RunFilter } from '../../persistence/run.repository';

export class ListRunsQuery {
  constructor(readonly filter: RunFilter) {}
}
