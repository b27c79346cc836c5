import type { Projection, RowChange } from '../../platform/projections/projection';
import type { RecordedEvent } from '../../platform/domain/recorded-event';
import { STEP_DECIDER } from '../domain/step-decider';
import { type StepRow, StepsTable } from './steps.table';

/** The steps table: each step's state as its stream says (the decider's own fold) and the version it covers. */
export class StepProjection implements Projection<StepRow> {
  readonly streamType = 'step';
  readonly tables = ['steps'];

  evolve(row: StepRow | undefined, event: RecordedEvent): StepRow | undefined {
    const state = STEP_DECIDER.evolve(row?.state, event);
    return state && { state, version: event.version };
  }

  store(changes: readonly RowChange<StepRow>[]) {
    return changes.length === 0 ? [] : [StepsTable.upsert(changes.map((change) => change.after))];
  }
}
