import type { Endpoint } from '../api';
import { StatusChip } from './status-chip';

/** Enabled, or disabled with the reason the API gives (a pause through the API, later perhaps too many failures). */
export function EndpointState({ endpoint }: { endpoint: Endpoint }) {
  if (endpoint.enabled) return <StatusChip state="enabled" />;
  return (
    <span class="endpoint-state">
      <StatusChip state="disabled" />
      {endpoint.disabled_reason && <span class="hint"> {endpoint.disabled_reason}</span>}
    </span>
  );
}
