import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Delivery, type Endpoint, type Page } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DeliveryTable } from '../components/delivery-table';
import { EndpointDisabledWarning } from '../components/endpoint-disabled-warning';
import { EndpointHealthSection } from '../components/endpoint-health';
import { EndpointSecretPanel } from '../components/endpoint-secret';
import { EndpointState } from '../components/endpoint-state';
import { EndpointTestEvent } from '../components/endpoint-test-event';
import { Link } from '../components/link';
import { Time } from '../components/time';
import { disabledByService, rateLimitText, retryScheduleText } from '../endpoint-facts';
import { subscriptionSummary } from '../endpoint-form';
import { json } from '../format';
import { useLiveDeliveries } from '../live';
import { navigate } from '../router';

/** The latest deliveries shown here; the whole list is the deliveries view filtered on the endpoint. */
const LATEST = 25;

/**
 * One endpoint: what it receives and where, how it is sent to, its health, a test event, its secret on request,
 * pause/resume (and a warning when the service disabled it), delete, and its latest deliveries.
 */
export function EndpointView({ id }: { id: string }) {
  const [endpoint, setEndpoint] = useState<Endpoint | null>(null);
  const [deliveries, setDeliveries] = useState<Page<Delivery> | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // Bumped when one of its attempts lands: the health figures are read again.
  const [healthRevision, setHealthRevision] = useState(0);
  const path = `/v1/endpoints/${encodeURIComponent(id)}`;

  const loadEndpoint = () => api.get<Endpoint>(path).then(setEndpoint, (e: Error) => setError(e.message));
  // Live events can start loads that overlap: only the latest one started may show its answer.
  const latestLoad = useRef(0);
  const loadDeliveries = () => {
    const load = ++latestLoad.current;
    const query = new URLSearchParams({ endpoint_id: id, limit: String(LATEST) });
    return api.get<Page<Delivery>>(`/v1/deliveries?${query.toString()}`).then(
      (loaded) => load === latestLoad.current && setDeliveries(loaded),
      (e: Error) => setError(e.message),
    );
  };

  useEffect(() => {
    document.title = `Endpoint ${id} · Callback Integration Service`;
    setEndpoint(null);
    setDeliveries(null);
    setError('');
    setNotice('');
    void loadEndpoint();
    void loadDeliveries();
  }, [id]);

  useLiveDeliveries(
    ({ delivery }) => {
      if (delivery.endpoint_id !== id) return;
      void loadDeliveries();
      setHealthRevision((revision) => revision + 1);
    },
    [id],
  );

  const setEnabled = async (enabled: boolean) => {
    setBusy(true);
    setNotice('');
    try {
      setEndpoint(await api.patch<Endpoint>(path, { enabled }));
      setNotice(enabled ? 'Resumed: the events held while it was disabled are being sent, then new ones as they happen.' : 'Paused: matching events are held (nothing is dropped) and sent when it is resumed.');
    } catch (e) {
      setNotice(`Could not ${enabled ? 'resume' : 'pause'} it: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  if (error) {
    return (
      <main>
        <h1>Endpoint {id}</h1>
        <p class="error" role="alert">
          Could not load this endpoint: {error}
        </p>
        <p>
          <Link to="/endpoints">Back to endpoints</Link>
        </p>
      </main>
    );
  }
  if (!endpoint) return <main aria-busy="true">Loading…</main>;
  return (
    <main>
      <h1>
        {/* The service's reason is in the warning below: not twice. */}
        Endpoint <span class="mono">{endpoint.id}</span> <EndpointState endpoint={endpoint} withReason={!disabledByService(endpoint)} />
      </h1>
      <div class="actions">
        <Link to={`/endpoints/${encodeURIComponent(id)}/edit`} class="button">
          Edit
        </Link>
        {endpoint.enabled ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => void setEnabled(false)}>
            Pause
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => void setEnabled(true)}>
            Resume
          </button>
        )}
        <button type="button" class="secondary" aria-haspopup="dialog" onClick={() => setDeleting(true)}>
          Delete
        </button>
        <p role="status" class="notice">
          {notice}
        </p>
      </div>
      <EndpointDisabledWarning endpoint={endpoint} busy={busy} onEnable={() => void setEnabled(true)} />
      <dl class="facts">
        <dt>URL</dt>
        <dd class="mono break">{endpoint.url}</dd>
        <dt>Description</dt>
        <dd>{endpoint.description || '—'}</dd>
        <dt>Event types</dt>
        <dd class={endpoint.event_types ? 'mono' : undefined}>{subscriptionSummary(endpoint.event_types)}</dd>
        <dt>Rate limit</dt>
        <dd>{rateLimitText(endpoint.rate_limit)}</dd>
        <dt>Retry schedule</dt>
        <dd class={endpoint.retry_schedule ? 'mono' : undefined}>{retryScheduleText(endpoint.retry_schedule)}</dd>
        <dt>Created</dt>
        <dd>
          <Time iso={endpoint.created_at} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <Time iso={endpoint.updated_at} />
        </dd>
      </dl>
      <EndpointHealthSection endpoint={endpoint} revision={healthRevision} onOutdated={() => void loadEndpoint()} />
      <EndpointTestEvent endpoint={endpoint} />
      <EndpointSecretPanel endpoint={endpoint} onRotated={() => void loadEndpoint()} />
      {Object.keys(endpoint.metadata).length > 0 && (
        <section aria-labelledby="metadata-heading">
          <h2 id="metadata-heading">Metadata</h2>
          <pre class="code">{json(endpoint.metadata)}</pre>
        </section>
      )}
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Deliveries</h2>
        {deliveries === null ? (
          <p aria-busy="true">Loading…</p>
        ) : (
          <DeliveryTable deliveries={deliveries.data} caption={`Latest deliveries to this endpoint, newest first${deliveries.has_more ? ` (the ${LATEST} newest)` : ''}`} now={Date.now()} />
        )}
        <p>
          <Link to={`/?${new URLSearchParams({ endpoint_id: id }).toString()}`}>All deliveries to this endpoint, with filters</Link>
        </p>
      </section>
      {deleting && (
        <ConfirmDialog
          title="Delete this endpoint?"
          confirmLabel="Delete endpoint"
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(path);
            navigate('/endpoints');
          }}
        >
          <p>
            Nothing more is sent to <span class="mono break">{endpoint.url}</span>; deliveries still waiting stay unsent and its secrets are
            destroyed. This cannot be undone: to receive events there again, create a new endpoint (with a new secret).
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}
