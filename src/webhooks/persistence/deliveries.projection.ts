import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { Projection, RowChange } from '../../platform/projections/projection';
import { DELIVERY_DECIDER } from '../domain/delivery-decider';
import { DeliveryEventType, OUTCOME_OF_EVENT, type DeliveryAttemptData, type RedeliveryRequestedData } from '../domain/delivery-events';
import type { DeliveryState } from '../domain/delivery-state';
import { type AttemptRow, DeliveriesTable } from './deliveries.table';

/** A delivery's rows: its state as its stream says (the decider's own fold), the version it covers, and its attempt log. */
export interface DeliveryRows {
  state: DeliveryState;
  version: number;
  attempts: readonly AttemptRow[];
  /** What the next attempt's latency runs from: the subject's completion, or the latest redelivery request. */
  measuredFrom: string;
  /** A redelivery asked for while an attempt was under way: the attempts that start after it run from it. */
  requestedDuringAttempt: string | null;
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
    const attempts = rows?.attempts ?? [];
    const measuredFrom = rows?.measuredFrom ?? state.subjectCompletedAt;
    const requested = rows?.requestedDuringAttempt ?? null;
    // A new URL is asked for like a redelivery: its attempt's latency runs from the request.
    if (event.type === DeliveryEventType.redeliveryRequested || event.type === DeliveryEventType.redirected) {
      const inFlight = (event.data as RedeliveryRequestedData).next_attempt_at === null;
      const at = event.occurredAt.toISOString();
      return { state, version: event.version, attempts, measuredFrom: inFlight ? measuredFrom : at, requestedDuringAttempt: inFlight ? at : null };
    }
    const outcome = OUTCOME_OF_EVENT[event.type];
    if (!outcome) return { state, version: event.version, attempts, measuredFrom, requestedDuringAttempt: requested };
    const data = event.data as DeliveryAttemptData;
    // ISO texts of one format compare as the instants they name.
    const from = requested !== null && data.started_at >= requested ? requested : measuredFrom;
    const attempt = { ...data, outcome, measured_from: from };
    return { state, version: event.version, attempts: [...attempts, attempt], measuredFrom: requested ?? measuredFrom, requestedDuringAttempt: null };
  }

  store(changes: readonly RowChange<DeliveryRows>[]) {
    if (changes.length === 0) return [];
    const recorded = changes.flatMap(({ before, after }) => after.attempts.slice(before?.attempts.length ?? 0));
    const rows = DeliveriesTable.upsert(changes.map(({ after }) => after));
    return recorded.length === 0 ? [rows] : [rows, DeliveriesTable.insertAttempts(recorded)];
  }
}
