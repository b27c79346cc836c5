import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Endpoint, type EventTypeInfo } from '../api';
import { EndpointForm } from '../components/endpoint-form';
import { Link } from '../components/link';
import { changesOf, createBody, formValuesOf } from '../endpoint-form';
import { newIdempotencyKey } from '../idempotency-key';
import { navigate } from '../router';

/** Creating an endpoint (no id) or editing one: the event types to choose from come from the API. */
export function EndpointEditor({ id }: { id?: string }) {
  const [loaded, setLoaded] = useState<{ eventTypes: EventTypeInfo[]; endpoint?: Endpoint } | null>(null);
  const [error, setError] = useState('');
  const path = id === undefined ? undefined : `/v1/endpoints/${encodeURIComponent(id)}`;
  const title = id === undefined ? 'New endpoint' : 'Edit endpoint';
  // A create sent again with the same body (a retry after a lost answer) carries the same Idempotency-Key, so it
  // answers the endpoint already made instead of making a second one; a changed body is a new request.
  const lastCreate = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    document.title = `${title} · Callback Integration Service`;
    setLoaded(null);
    setError('');
    Promise.all([api.get<{ data: EventTypeInfo[] }>('/v1/event-types'), path ? api.get<Endpoint>(path) : Promise.resolve(undefined)]).then(
      ([eventTypes, endpoint]) => setLoaded({ eventTypes: eventTypes.data, endpoint }),
      (e: Error) => setError(e.message),
    );
  }, [id]);

  const back = () => navigate(id === undefined ? '/endpoints' : `/endpoints/${encodeURIComponent(id)}`);
  if (error) {
    return (
      <main>
        <h1>{title}</h1>
        <p class="error" role="alert">
          Could not load {id === undefined ? 'the event types' : 'this endpoint'}: {error}
        </p>
        <p>
          <Link to="/endpoints">Back to endpoints</Link>
        </p>
      </main>
    );
  }
  if (!loaded) return <main aria-busy="true">Loading…</main>;
  const { endpoint, eventTypes } = loaded;
  return (
    <main>
      <h1>
        {title}
        {endpoint && <span class="mono">{endpoint.id}</span>}
      </h1>
      <EndpointForm
        initial={formValuesOf(endpoint)}
        eventTypes={eventTypes}
        submitLabel={endpoint ? 'Save changes' : 'Create endpoint'}
        onCancel={back}
        onSubmit={async (values) => {
          if (!endpoint) {
            const body = createBody(values);
            if (lastCreate.current?.body !== JSON.stringify(body)) lastCreate.current = { body: JSON.stringify(body), key: newIdempotencyKey() };
            const created = await api.post<Endpoint>('/v1/endpoints', { body, headers: { 'idempotency-key': lastCreate.current.key } });
            return navigate(`/endpoints/${encodeURIComponent(created.id)}`);
          }
          const changes = changesOf(endpoint, values);
          // Nothing changed: nothing to send (the API would answer the endpoint as it is).
          if (Object.keys(changes).length > 0) await api.patch<Endpoint>(path!, changes);
          back();
        }}
      />
    </main>
  );
}
