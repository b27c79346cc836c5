import type { Endpoint } from '../api';
import { disabledByService } from '../endpoint-facts';

/**
 * Shown while the service itself has disabled the endpoint (every attempt failed for ENDPOINT_DISABLE_AFTER), which
 * nobody asked for and which holds its deliveries until someone enables it: unlike a pause, it needs an operator.
 */
export function EndpointDisabledWarning({ endpoint, busy, onEnable }: { endpoint: Endpoint; busy: boolean; onEnable: () => void }) {
  if (!disabledByService(endpoint)) return null;
  return (
    <section class="warning" aria-labelledby="disabled-heading">
      <h2 id="disabled-heading">Disabled by the service</h2>
      <p>
        The service stopped sending to this endpoint
        {endpoint.disabled_reason ? (
          <>
            : <span class="reason">{endpoint.disabled_reason}</span>.
          </>
        ) : (
          '.'
        )}
      </p>
      <p>
        Its deliveries are held, retries included — nothing is dropped. Once the receiver answers again, enable it: what was held is sent, and
        it has the whole of <code>ENDPOINT_DISABLE_AFTER</code> again before the service would disable it a second time.
      </p>
      <button type="button" disabled={busy} onClick={onEnable}>
        Enable endpoint
      </button>
    </section>
  );
}
