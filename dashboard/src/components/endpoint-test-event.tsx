import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Endpoint, type EventTypeInfo, type TestEventRequest, type TestEventResult } from '../api';
import { durationText } from '../endpoint-facts';
import { StatusChip } from './status-chip';

type EventTypeName = NonNullable<TestEventRequest['event_type']>;

/**
 * "Send test event": the API sends the chosen type's example event to the endpoint now (paused or not), signed with
 * its secret, and answers how the receiver answered. Nothing is stored or retried, so the answer is shown here only.
 */
export function EndpointTestEvent({ endpoint }: { endpoint: Endpoint }) {
  const [types, setTypes] = useState<EventTypeInfo[] | null>(null);
  const [chosen, setChosen] = useState<EventTypeName | ''>('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestEventResult | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<{ data: EventTypeInfo[] }>('/v1/event-types').then(
      ({ data }) => {
        setTypes(data);
        // The first type the endpoint subscribes to by name, so the test is one it would really receive.
        const subscribed = data.find((type) => endpoint.event_types?.includes(type.name));
        setChosen((subscribed ?? data[0])?.name ?? '');
      },
      (e: Error) => setError(`Could not load the event types: ${e.message}`),
    );
  }, [endpoint.id]);

  const send = async () => {
    setBusy(true);
    setError('');
    setResult(null);
    try {
      const body: TestEventRequest = chosen ? { event_type: chosen } : {};
      setResult(await api.post<TestEventResult>(`/v1/endpoints/${encodeURIComponent(endpoint.id)}/test`, { body }));
    } catch (e) {
      setError(`Could not send a test event: ${e instanceof ApiError ? `${e.message} (HTTP ${e.status})` : (e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="test-event-heading">
      <h2 id="test-event-heading">Test event</h2>
      <p class="hint">
        Sends the chosen type's example event to this URL now{endpoint.enabled ? '' : ' (even while it is disabled)'}, signed with its secret and
        marked <code>"test": true</code>. It is not a delivery: nothing is stored or retried.
      </p>
      <div class="actions test-event">
        <label>
          Event type
          <select name="event_type" disabled={types === null} value={chosen} onChange={(e) => setChosen(e.currentTarget.value as EventTypeName)}>
            {types?.map((type) => (
              <option key={type.name} value={type.name}>
                {type.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" disabled={busy || types === null} onClick={() => void send()}>
          {busy ? 'Sending…' : 'Send test event'}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="notice">
        {result && testSummary(result)}
      </p>
      {result && (
        <dl class="facts" aria-label="Test event result">
          <dt>Outcome</dt>
          <dd>
            <StatusChip state={result.ok ? 'succeeded' : 'failed'} />
          </dd>
          <dt>Status code</dt>
          <dd>{result.status_code ?? 'no answer'}</dd>
          <dt>Error</dt>
          <dd>{result.error ?? '—'}</dd>
          <dt>Duration</dt>
          <dd>{durationText(result.duration_ms)}</dd>
          <dt>webhook-id</dt>
          <dd class="mono break">{result.webhook_id}</dd>
          <dt>Response body</dt>
          <dd>{result.response_body ? <pre class="code">{result.response_body}</pre> : 'empty'}</dd>
        </dl>
      )}
    </section>
  );
}

/** One sentence for the status line (read out by screen readers): how the receiver answered. */
function testSummary(result: TestEventResult): string {
  const took = durationText(result.duration_ms);
  if (result.ok) return `The receiver answered ${result.status_code} in ${took}.`;
  return `The test event failed after ${took}: ${result.error ?? `HTTP ${result.status_code}`}.`;
}
