import { useEffect, useState } from 'preact/hooks';
import { api, type Endpoint, type Page } from '../api';
import { EndpointHealthCell, useEndpointsHealth } from '../components/endpoint-health-cell';
import { EndpointState } from '../components/endpoint-state';
import { Link } from '../components/link';
import { Time } from '../components/time';
import { subscriptionSummary } from '../endpoint-form';
import { navigate, type Location } from '../router';

const PAGE = 25;

/** Every endpoint, newest first (as the API lists them), a page at a time; the page's cursor lives in the URL. */
export function EndpointsView({ location }: { location: Location }) {
  const cursor = location.query.get('cursor');
  const [page, setPage] = useState<Page<Endpoint> | null>(null);
  const [error, setError] = useState('');
  const query = new URLSearchParams({ limit: String(PAGE), ...(cursor ? { cursor } : {}) }).toString();
  const health = useEndpointsHealth(page?.data, query);

  useEffect(() => {
    document.title = 'Endpoints · Callback Integration Service';
    let current = true;
    setPage(null);
    setError('');
    api.get<Page<Endpoint>>(`/v1/endpoints?${query}`).then(
      (loaded) => current && setPage(loaded),
      (e: Error) => current && setError(e.message),
    );
    return () => void (current = false);
  }, [cursor]);

  return (
    <main>
      <h1>Endpoints</h1>
      <div class="actions">
        <Link to="/endpoints/new" class="button">
          New endpoint
        </Link>
        <span class="hint">An endpoint receives the events it subscribes to, signed with its own secret.</span>
      </div>
      {error && (
        <p class="error" role="alert">
          Could not load endpoints: {error}
        </p>
      )}
      {page === null && !error ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        page && (
          <div class="table-wrap">
            <table class="endpoints">
              {/* The state is the second column: the one a phone shows beside the URL without scrolling. */}
              <caption>Endpoints, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">State</th>
                  <th scope="col">Health, last hour</th>
                  <th scope="col">Event types</th>
                  <th scope="col">Description</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((endpoint) => (
                  <tr key={endpoint.id} data-endpoint-id={endpoint.id}>
                    <td class="mono url">
                      <Link to={`/endpoints/${encodeURIComponent(endpoint.id)}`}>{endpoint.url}</Link>
                    </td>
                    <td>
                      <EndpointState endpoint={endpoint} />
                    </td>
                    <td>
                      <EndpointHealthCell health={health.get(endpoint.id)} />
                    </td>
                    <td class={endpoint.event_types ? 'mono' : undefined}>{subscriptionSummary(endpoint.event_types)}</td>
                    <td class="description">{endpoint.description || '—'}</td>
                    <td>
                      <Time iso={endpoint.created_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {page.data.length === 0 && <p class="empty">{cursor ? 'No more endpoints.' : 'No endpoints yet.'}</p>}
          </div>
        )
      )}
      <nav class="pager" aria-label="Pages">
        {cursor && (
          <button type="button" onClick={() => navigate('/endpoints')}>
            First page
          </button>
        )}
        {page?.has_more && page.next_cursor && (
          <button type="button" onClick={() => navigate(`/endpoints?${new URLSearchParams({ cursor: page.next_cursor! }).toString()}`)}>
            Older
          </button>
        )}
      </nav>
    </main>
  );
}
