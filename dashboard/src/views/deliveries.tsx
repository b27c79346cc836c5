import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type Delivery } from '../api';
import { DeliveryTable } from '../components/delivery-table';
import { useLiveDeliveries } from '../live';
import { navigate, type Location } from '../router';

const PAGE = 25;
const WINDOWS: Record<string, { label: string; ms: number }> = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
};
const FILTERS = ['status', 'kind', 'subject_id', 'host', 'window'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function filtersOf(query: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.filter((name) => query.get(name)).map((name) => [name, query.get(name)!]));
}

function apiQuery(filters: Filters, since: string | undefined, after: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE) });
  for (const name of ['status', 'kind', 'subject_id', 'host'] as const) if (filters[name]) query.set(name, filters[name]!);
  if (since) query.set('since', since);
  if (after) query.set('after', after);
  return query.toString();
}

function matches(delivery: Delivery, filters: Filters, since: string | undefined): boolean {
  return (
    (!filters.status || delivery.status === filters.status) &&
    (!filters.kind || delivery.kind === filters.kind) &&
    (!filters.subject_id || delivery.subject_id === filters.subject_id) &&
    (!filters.host || delivery.destination_host === filters.host) &&
    (!since || delivery.created_at >= since)
  );
}

/** The landing view: every delivery, newest first, filtered by what the URL says; the first page updates live. */
export function DeliveriesView({ location }: { location: Location }) {
  const filters = filtersOf(location.query);
  const after = location.query.get('after');
  const key = location.query.toString();
  // The window is fixed when the view opens (a shared link shows the window up to when it is opened).
  const since = useMemo(() => (filters.window && WINDOWS[filters.window] ? new Date(Date.now() - WINDOWS[filters.window].ms).toISOString() : undefined), [key]);
  const [rows, setRows] = useState<Delivery[] | null>(null);
  const [error, setError] = useState('');
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    document.title = 'Deliveries · Callback Integration Service';
    setRows(null);
    setError('');
    api.get<Delivery[]>(`/v1/deliveries?${apiQuery(filters, since, after)}`).then(setRows, (e: Error) => setError(e.message));
    const tick = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(tick);
  }, [key]);

  useLiveDeliveries(
    ({ delivery }) => {
      if (after) return; // only the first page follows the stream
      setRows((current) => {
        if (!current) return current;
        const index = current.findIndex((row) => row.id === delivery.id);
        if (index >= 0) return matches(delivery, filters, since) ? current.map((row, i) => (i === index ? delivery : row)) : current.filter((_, i) => i !== index);
        return matches(delivery, filters, since) ? [delivery, ...current].slice(0, PAGE) : current;
      });
      setNow(Date.now());
    },
    [key],
  );

  return (
    <main>
      <h1>Deliveries</h1>
      <FilterForm key={key} filters={filters} />
      {error && (
        <p class="error" role="alert">
          Could not load deliveries: {error}
        </p>
      )}
      {rows === null && !error ? <p aria-busy="true">Loading…</p> : rows && <DeliveryTable deliveries={rows} caption="Deliveries, newest first" now={now} />}
      <nav class="pager" aria-label="Pages">
        {after && (
          <button type="button" onClick={() => navigate(`/?${withQuery(location.query, { after: null })}`)}>
            First page
          </button>
        )}
        {rows && rows.length === PAGE && (
          <button type="button" onClick={() => navigate(`/?${withQuery(location.query, { after: rows[rows.length - 1].id })}`)}>
            Older
          </button>
        )}
      </nav>
    </main>
  );
}

function withQuery(query: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
  }
  return next.toString();
}

function FilterForm({ filters }: { filters: Filters }) {
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter deliveries"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const query = new URLSearchParams();
        for (const name of FILTERS) {
          const value = String(data.get(name) ?? '').trim();
          if (value) query.set(name, value);
        }
        navigate(`/?${query.toString()}`);
      }}
    >
      <label>
        Status
        <select name="status">
          <Option value="" label="Any" chosen={filters.status} />
          <Option value="pending" label="pending" chosen={filters.status} />
          <Option value="delivering" label="delivering" chosen={filters.status} />
          <Option value="succeeded" label="succeeded" chosen={filters.status} />
          <Option value="retrying" label="retrying" chosen={filters.status} />
          <Option value="dead_lettered" label="dead letter" chosen={filters.status} />
        </select>
      </label>
      <label>
        Kind
        <select name="kind">
          <Option value="" label="Any" chosen={filters.kind} />
          <Option value="job" label="job" chosen={filters.kind} />
          <Option value="run" label="run" chosen={filters.kind} />
          <Option value="step" label="step" chosen={filters.kind} />
        </select>
      </label>
      <label>
        Subject id
        <input name="subject_id" defaultValue={filters.subject_id ?? ''} placeholder="job-…, run-… or step-…" />
      </label>
      <label>
        Destination host
        <input name="host" defaultValue={filters.host ?? ''} placeholder="ci.example.com" />
      </label>
      <label>
        Time window
        <select name="window">
          <Option value="" label="Any time" chosen={filters.window} />
          {Object.entries(WINDOWS).map(([value, { label }]) => (
            <Option key={value} value={value} label={label} chosen={filters.window} />
          ))}
        </select>
      </label>
      <div class="filter-actions">
        <button type="submit">Apply filters</button>
        <button type="button" class="secondary" onClick={() => navigate('/')}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** An option selected when the URL chose it (set once: a re-render does not undo what the user picked since). */
function Option({ value, label, chosen }: { value: string; label: string; chosen: string | undefined }) {
  return (
    <option value={value} selected={(chosen ?? '') === value}>
      {label}
    </option>
  );
}
