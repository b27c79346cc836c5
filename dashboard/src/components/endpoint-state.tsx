import type { Endpoint } from '../api';
import { StatusChip } from './status-chip';

/**
 * Enabled, or disabled with the reason the API gives (a pause through the API, or the service's after failures);
 * `withReason` false where the reason is shown beside it anyway.
 */
export function EndpointState({ endpoint, withReason = true }: { endpoint: Endpoint; withReason?: boolean }) {
  if (endpoint.enabled) return <StatusChip state="enabled" />;
  return (
    <span class="endpoint-state">
      <StatusChip state="disabled" />
      {withReason && endpoint.disabled_reason && <span class="hint"> {endpoint.disabled_reason}</span>}
    </span>
  );
}
