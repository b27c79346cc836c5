import { useEffect, useState } from 'preact/hooks';
import { api, type Page, type Subject } from '../api';
import { Link } from '../components/link';
import { StatusChip } from '../components/status-chip';
import { Ago } from '../components/time';
import { navigate, type Location } from '../router';

export type ListedKind = 'job' | 'run';
const COLLECTION: Record<ListedKind, string> = { job: 'jobs', run: 'runs' };
const TITLE: Record<ListedKind, string> = { job: 'Jobs', run: 'Runs' };
const STATUSES: Record<ListedKind, readonly string[]> = {
  job: ['created', 'running', 'completed', 'failed', 'cancelled', 'expired'],
  run: ['created', 'running', 'completed', 'failed', 'cancelled'],
};
/** The list's search, as the URL and the API both name it. */
const SEARCH = ['status', 'id_prefix', 'metadata_key', 'metadata_value'] as const;
const PAGE = 25;

/** Jobs or runs, newest first, searchable by status, id prefix and a metadata key/value; paged like the API. */
export function SubjectsView({ kind, location }: { kind: ListedKind; location: Location }) {
  const [page, setPage] = useState<Page<Subject> | null>(null);
  const [error, setError] = useState('');
  const search = Object.fromEntries(SEARCH.filter((name) => location.query.get(name)).map((name) => [name, location.query.get(name)!]));
  const cursor = location.query.get('cursor');
  const key = location.query.toString();

  useEffect(() => {
    document.title = `${TITLE[kind]} · Callback Integration Service`;
    let current = true;
    setPage(null);
    setError('');
    const query = new URLSearchParams({ limit: String(PAGE), ...search, ...(cursor ? { cursor } : {}) });
    api.get<Page<Subject>>(`/v1/${COLLECTION[kind]}?${query}`).then(
      (loaded) => current && setPage(loaded),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [kind, key]);

  const path = `/${COLLECTION[kind]}`;
  return (
    <main>
      <h1>{TITLE[kind]}</h1>
      <form
        key={`${kind}?${key}`}
        class="filters subject-filters"
        role="search"
        aria-label={`Search ${COLLECTION[kind]}`}
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const query = new URLSearchParams();
          for (const name of SEARCH) {
            const value = String(data.get(name) ?? '').trim();
            if (value) query.set(name, value);
          }
          navigate(query.size > 0 ? `${path}?${query}` : path);
        }}
      >
        <label>
          Status
          <select name="status">
            <option value="">Any</option>
            {STATUSES[kind].map((status) => (
              <option key={status} value={status} selected={search.status === status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label>
          Id starts with
          <input name="id_prefix" defaultValue={search.id_prefix ?? ''} placeholder={`${kind}-…`} />
        </label>
        <label>
          Metadata key
          <input name="metadata_key" defaultValue={search.metadata_key ?? ''} placeholder="pipeline" />
        </label>
        <label>
          Metadata value
          <input name="metadata_value" defaultValue={search.metadata_value ?? ''} placeholder="nightly (any when empty)" />
        </label>
        <div class="filter-actions">
          <button type="submit">Search</button>
          <button type="button" class="secondary" onClick={() => navigate(path)}>
            Clear
          </button>
        </div>
      </form>
      {error && (
        <p class="error" role="alert">
          Could not load {COLLECTION[kind]}: {error}
        </p>
      )}
      {page === null && !error ? <p aria-busy="true">Loading…</p> : page && <SubjectTable kind={kind} rows={page.data} />}
      <nav class="pager" aria-label="Pages">
        {cursor && (
          <button type="button" onClick={() => navigate(withCursor(path, location.query, null))}>
            First page
          </button>
        )}
        {page?.has_more && page.next_cursor && (
          <button type="button" onClick={() => navigate(withCursor(path, location.query, page.next_cursor))}>
            Older
          </button>
        )}
      </nav>
    </main>
  );
}

function SubjectTable({ kind, rows }: { kind: ListedKind; rows: Subject[] }) {
  return (
    <div class="table-wrap">
      <table class="subjects">
        <caption>{TITLE[kind]}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">{kind === 'job' ? 'Job' : 'Run'}</th>
            <th scope="col">Status</th>
            <th scope="col">Metadata</th>
            <th scope="col">Callback</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td class="mono">
                <Link to={`/${COLLECTION[kind]}/${encodeURIComponent(row.id)}`}>{row.id}</Link>
              </td>
              <td>
                <StatusChip state={row.status} />
              </td>
              <td class="mono metadata">{row.metadata && Object.keys(row.metadata).length > 0 ? JSON.stringify(row.metadata) : '—'}</td>
              <td>{callbackOutcome(row)}</td>
              <td>
                <Ago iso={row.created_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="empty">No {COLLECTION[kind]} match.</p>}
    </div>
  );
}

function callbackOutcome(row: Subject): string {
  if (!row.callback_url) return 'none';
  if (row.callback_error) return String(row.callback_error);
  if (row.callback_status_code) return `HTTP ${row.callback_status_code}`;
  return 'not sent yet';
}

function withCursor(path: string, query: URLSearchParams, cursor: string | null): string {
  const next = new URLSearchParams(query);
  if (cursor) next.set('cursor', cursor);
  else next.delete('cursor');
  return next.size > 0 ? `${path}?${next}` : path;
}
