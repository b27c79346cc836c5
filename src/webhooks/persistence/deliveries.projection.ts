import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { Projection, RowChange } from '../../platform/projections/projection';
import { DELIVERY_DECIDER } from '../domain/delivery-decider';
import { OUTCOME_OF_EVENT, type DeliveryAttemptData } from '../domain/delivery-events';
import type { DeliveryState } from '../domain/delivery-state';
import { type AttemptRow, DeliveriesTable } from './deliveries.table';

/** A delivery's rows: its state as its stream says (the decider's own fold), the version it covers, and its attempt log. */
export interface DeliveryRows {
  state: DeliveryState;
  version: number;
  attempts: readonly AttemptRow[];
}

/**
 * The deliveries and delivery_attempts tables. A change rewrites the delivery's row whole (so a row deleted by hand
 * is back with it) and adds the attempts it recorded. Who holds a delivery now is not here: delivery_leases.
 */
export class DeliveriesProjection implements Projection<DeliveryRows> {
  readonly streamType = 'delivery';
  readonly tables = ['deliveries', 'delivery_attempts'];

  evolve(rows: DeliveryRows | undefined, event: RecordedEvent): DeliveryRows | undefined {
    const state = DELIVERY_DECIDER.evolve(rows?.state, event);
    if (!state) return undefined;
    const outcome = OUTCOME_OF_EVENT[event.type];
    const attempts = rows?.attempts ?? [];
    return { state, version: event.version, attempts: outcome ? [...attempts, { ...(event.data as DeliveryAttemptData), outcome }] : attempts };
  }

  store(changes: readonly RowChange<DeliveryRows>[]) {
    if (changes.length === 0) return [];
    const recorded = changes.flatMap(({ before, after }) => after.attempts.slice(before?.attempts.length ?? 0));
    const rows = DeliveriesTable.upsert(changes.map(({ after }) => after));
    return recorded.length === 0 ? [rows] : [rows, DeliveriesTable.insertAttempts(recorded)];
  }
}
