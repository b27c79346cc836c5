import type { RecordedEvent } from '../../platform/domain/recorded-event';
import type { Projection, RowChange } from '../../platform/projections/projection';
import { ENDPOINT_DECIDER } from '../domain/endpoint-decider';
import { type EndpointRow, EndpointsTable } from './endpoints.table';

/** The endpoints table: each endpoint's state as its stream says (the decider's own fold) and the version it covers. */
export class EndpointProjection implements Projection<EndpointRow> {
  readonly streamType = 'endpoint';
  readonly tables = ['endpoints'];

  evolve(row: EndpointRow | undefined, event: RecordedEvent): EndpointRow | undefined {
    const state = ENDPOINT_DECIDER.evolve(row?.state, event);
    return state && { state, version: event.version };
  }

  store(changes: readonly RowChange<EndpointRow>[]) {
    return changes.length === 0 ? [] : [EndpointsTable.upsert(changes.map((change) => change.after))];
  }
}
