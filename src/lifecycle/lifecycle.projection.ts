import type { Decider } from '../platform/domain/decider';
import type { RecordedEvent } from '../platform/domain/recorded-event';
import type { Projection, RowChange } from '../platform/projections/projection';
import type { LifecycleRecord } from './lifecycle-record';
import type { LifecycleState } from './lifecycle-state';
import type { LifecycleRow, LifecycleTable } from './lifecycle-table';

/**
 * The jobs or runs table: each entity's state as its stream says (the decider's own fold) and the version it
 * covers. The callback_* columns are not this projection's (the webhooks projection of the delivery streams).
 */
export class LifecycleProjection<State extends LifecycleState> implements Projection<LifecycleRow<State>> {
  readonly tables: readonly string[];

  constructor(
    readonly streamType: string,
    private readonly decider: Decider<unknown, State>,
    private readonly table: LifecycleTable<LifecycleRecord>,
  ) {
    this.tables = [table.name];
  }

  evolve(row: LifecycleRow<State> | undefined, event: RecordedEvent): LifecycleRow<State> | undefined {
    const state = this.decider.evolve(row?.state, event);
    return state && { state, version: event.version };
  }

  store(changes: readonly RowChange<LifecycleRow<State>>[]) {
    return changes.length === 0 ? [] : [this.table.upsert(changes.map((change) => change.after))];
  }
}
