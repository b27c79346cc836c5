import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { Projection, RowChange } from '../../platform/projections/projection';
import { OPERATION_DECIDER } from '../domain/operation-decider';
import { type OperationRow, OperationsTable } from './operations.table';

/** The operations table: each operation's state as its stream says (the decider's own fold) and the version it covers. */
export class OperationProjection implements Projection<OperationRow> {
  readonly streamType = 'operation';
  readonly tables = ['operations'];

  evolve(row: OperationRow | undefined, event: RecordedEvent): OperationRow | undefined {
    const state = OPERATION_DECIDER.evolve(row?.state, event);
    return state && { state, version: event.version };
  }

  store(changes: readonly RowChange<OperationRow>[]) {
    return changes.length === 0 ? [] : [OperationsTable.upsert(changes.map((change) => change.after))];
  }
}
