import type { Delivery } from '../api';
import { latencyMs, span } from '../format';
import { Link } from './link';
import { deliveryState } from '../delivery-states';
import { StatusChip } from './status-chip';
import { Ago } from './time';

const SUBJECT_PATHS = { job: 'jobs', run: 'runs', step: 'steps' } as const;

export function subjectPath(kind: Delivery['kind'], id: string): string {
  return `/${SUBJECT_PATHS[kind]}/${encodeURIComponent(id)}`;
}

function lastResult(delivery: Delivery): string {
  if (delivery.last_status_code !== null && delivery.last_error === null) return `HTTP ${delivery.last_status_code}`;
  return delivery.last_error ?? '—';
}

/** Deliveries as a table: one row each, the state as a chip with its word. */
export function DeliveryTable({ deliveries, caption, now }: { deliveries: Delivery[]; caption: string; now: number }) {
  return (
    <div class="table-wrap">
      <table class="deliveries">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Delivery</th>
            <th scope="col">Status</th>
            <th scope="col">Kind</th>
            <th scope="col">Subject</th>
            <th scope="col">Destination</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last result</th>
            <th scope="col">Latency</th>
            <th scope="col">Age</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => {
            const latency = latencyMs(delivery);
            return (
              <tr key={delivery.id} data-delivery-id={delivery.id}>
                <td class="mono">
                  <Link to={`/deliveries/${encodeURIComponent(delivery.id)}`}>{delivery.id.slice(0, 12)}…</Link>
                </td>
                <td>
                  <StatusChip state={deliveryState(delivery)} />
                </td>
                <td>{delivery.kind}</td>
                <td class="mono">
                  <Link to={subjectPath(delivery.kind, delivery.subject_id)}>{delivery.subject_id}</Link>
                </td>
                <td class="mono">{delivery.destination_host}</td>
                <td class="num">{delivery.attempt_count}</td>
                <td>{lastResult(delivery)}</td>
                <td class="num">{latency === null ? '—' : span(latency)}</td>
                <td>
                  <Ago iso={delivery.created_at} now={now} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {deliveries.length === 0 && <p class="empty">No deliveries.</p>}
    </div>
  );
}
