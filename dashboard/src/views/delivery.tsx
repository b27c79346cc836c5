import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type DeliveryDetail } from '../api';
import { subjectPath } from '../components/delivery-table';
import { Link } from '../components/link';
import { StatusChip } from '../components/status-chip';
import { deliveryState } from '../delivery-states';
import { Time } from '../components/time';
import { inFuture, json, latencyMs, span } from '../format';
import { useLiveDeliveries } from '../live';

/** One delivery: what it sends, where, every attempt, and a way to send it again. */
export function DeliveryView({ id }: { id: string }) {
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const attemptsBefore = useRef<number | null>(null);

  const load = () =>
    api.get<DeliveryDetail>(`/v1/deliveries/${encodeURIComponent(id)}`).then(
      (loaded) => {
        setDetail(loaded);
        setError('');
        if (attemptsBefore.current !== null && loaded.attempts.length > attemptsBefore.current) {
          const last = loaded.attempts[loaded.attempts.length - 1];
          setNotice(`Attempt ${last.number} finished: ${last.error ?? `HTTP ${last.status_code}`}.`);
          attemptsBefore.current = null;
        }
      },
      (e: Error) => setError(e.message),
    );

  useEffect(() => {
    document.title = `Delivery ${id} · Callback Integration Service`;
    setDetail(null);
    void load();
  }, [id]);

  useLiveDeliveries(
    ({ delivery }) => {
      if (delivery.id === id) void load();
    },
    [id],
  );

  // Besides the live stream, look again while a redelivery is awaited (the stream may be reconnecting).
  useEffect(() => {
    if (attemptsBefore.current === null) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [notice, busy]);

  const redeliver = async () => {
    setBusy(true);
    setNotice('');
    try {
      attemptsBefore.current = detail?.attempts.length ?? 0;
      await api.post(`/v1/deliveries/${encodeURIComponent(id)}/redeliver`);
      setNotice('Redelivery requested: a new attempt starts now.');
    } catch (e) {
      attemptsBefore.current = null;
      setNotice(`Redelivery failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  if (error) {
    return (
      <main>
        <h1>Delivery {id}</h1>
        <p class="error" role="alert">
          Could not load this delivery: {error}
        </p>
      </main>
    );
  }
  if (!detail) return <main aria-busy="true">Loading…</main>;
  const state = deliveryState(detail);
  const latency = latencyMs(detail);
  // Expanded: what the receiver answered when it last failed, the first thing to read in an incident.
  const latestFailure = [...detail.attempts].reverse().find((attempt) => attempt.outcome !== 'succeeded');
  return (
    <main>
      <h1>
        Delivery <span class="mono">{detail.id}</span> <StatusChip state={state} />
      </h1>
      <div class="actions">
        <button type="button" onClick={redeliver} disabled={busy}>
          Redeliver
        </button>
        <p role="status" class="notice">
          {notice}
        </p>
      </div>
      <dl class="facts">
        <dt>Kind</dt>
        <dd>{detail.kind}</dd>
        <dt>Subject</dt>
        <dd class="mono">
          <Link to={subjectPath(detail.kind, detail.subject_id)}>{detail.subject_id}</Link>
        </dd>
        {detail.endpoint_id && (
          <>
            <dt>Endpoint</dt>
            <dd class="mono">
              <Link to={`/endpoints/${encodeURIComponent(detail.endpoint_id)}`}>{detail.endpoint_id}</Link>
            </dd>
            <dt>Event type</dt>
            <dd class="mono">{detail.event_type}</dd>
          </>
        )}
        <dt>URL</dt>
        <dd class="mono break">{detail.url}</dd>
        <dt>Attempts</dt>
        <dd>{detail.attempt_count}</dd>
        <dt>Subject completed</dt>
        <dd>
          <Time iso={detail.subject_completed_at} />
        </dd>
        <dt>Delivered</dt>
        <dd>
          {detail.succeeded_at ? (
            <>
              <Time iso={detail.succeeded_at} /> ({span(latency!)} after completion)
            </>
          ) : (
            'not yet'
          )}
        </dd>
        {state === 'retrying' && detail.next_attempt_at && (
          <>
            <dt>Next attempt</dt>
            <dd>
              <Time iso={detail.next_attempt_at} /> ({inFuture(detail.next_attempt_at)})
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="payload-heading">
        <h2 id="payload-heading">Payload</h2>
        <pre class="code">{json(detail.payload)}</pre>
      </section>
      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading">Attempts</h2>
        {detail.attempts.length === 0 ? (
          <p>No attempt yet.</p>
        ) : (
          <>
            <p class="hint">Credentials from configuration are shown as [redacted], in what was sent and what came back.</p>
            <ol class="timeline" aria-label="Attempts, oldest first">
              {detail.attempts.map((attempt) => (
                <li key={attempt.number} class={`outcome-${attempt.outcome}`}>
                  <h3>
                    Attempt {attempt.number}:{' '}
                    <StatusChip state={attempt.outcome} />{' '}
                    {attempt.error ?? `HTTP ${attempt.status_code}`}
                  </h3>
                  <p>
                    Started <Time iso={attempt.started_at} />, took {span(attempt.duration_ms)}
                  </p>
                  <details open={attempt.number === latestFailure?.number}>
                    <summary>{attempt.number === latestFailure?.number ? 'Latest failure: request and response' : 'Request and response'}</summary>
                    <h4>Request headers</h4>
                    <pre class="code">{headerLines(attempt.request_headers)}</pre>
                    <h4>Response headers</h4>
                    {attempt.response_headers ? <pre class="code">{headerLines(attempt.response_headers)}</pre> : <p class="hint">No response.</p>}
                    <h4>Response body (first 1 KiB)</h4>
                    {attempt.response_body ? <pre class="code">{attempt.response_body}</pre> : <p class="hint">Empty.</p>}
                  </details>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </main>
  );
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}
