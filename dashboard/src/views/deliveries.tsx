import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, knownStatuses, type Delivery, type LiveDeliveryEvent, type Page } from '../api';
import { bulkChoice } from '../bulk-redelivery';
import { BulkRedelivery, type MatchCount } from '../components/bulk-redelivery';
import { DeliveryTable } from '../components/delivery-table';
import { FilterForm } from '../components/filter-form';
import { deliveryMatches, filtersOf, searchFields, WINDOWS, type Filters } from '../delivery-search';
import { pageOf, withLiveDelivery, type DeliveryPage } from '../delivery-page';
import { apiStatus } from '../delivery-states';
import { useLiveDeliveries } from '../live';
import { OperationProgress } from '../components/operation-progress';
import { navigate, type Location } from '../router';

const PAGE = 25;

function apiQuery(filters: Filters, since: string | undefined, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE), ...searchFields(filters, since) });
  const status = apiStatus(filters.status, knownStatuses());
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/**
 * The landing view: every delivery, newest first, filtered by what the URL says. Every page follows the live
 * stream: a row changes in place, leaves when the filters no longer keep it, and a delivery joins the page whose
 * range its creation time falls in (on the first page, new ones at the top; nothing is pushed off silently).
 */
export function DeliveriesView({ location }: { location: Location }) {
  const filters = filtersOf(location.query);
  // The API's cursor of the page shown (none: the first page).
  const cursor = location.query.get('cursor');
  // A bulk redelivery followed on this page (in the URL, so a reload keeps following it); not part of the list's key.
  const operation = location.query.get('operation');
  const key = withQuery(location.query, { operation: null });
  // The window is fixed when the view opens (a shared link shows the window up to when it is opened).
  const since = useMemo(() => (filters.window && WINDOWS[filters.window] ? new Date(Date.now() - WINDOWS[filters.window].ms).toISOString() : undefined), [key]);
  const [page, setPage] = useState<DeliveryPage | null>(null);
  const [error, setError] = useState('');
  const [now, setNow] = useState(Date.now());
  // Live events that arrive while the page loads, applied once it is there (later events settle any overlap).
  const held = useRef<LiveDeliveryEvent[] | null>(null);
  // Under a metadata filter: which deliveries' subjects the API said match, and the latest version of those asked about.
  const metadata = useRef({ known: new Map<string, boolean>(), asking: new Map<string, Delivery>() });
  const matches = (delivery: Delivery) => deliveryMatches(delivery, filters, since, metadata.current.known.get(delivery.id));
  const place = (delivery: Delivery) => setPage((shown) => shown && withLiveDelivery(shown, delivery, matches(delivery)));
  /** A live update; under a metadata filter, one about a delivery not seen yet waits for the API to say whether it matches. */
  const live = (delivery: Delivery) => {
    const { known, asking } = metadata.current;
    if (!filters.metadata_key || known.has(delivery.id) || !deliveryMatches(delivery, { ...filters, metadata_key: undefined }, since)) return place(delivery);
    const waiting = asking.has(delivery.id);
    asking.set(delivery.id, delivery);
    if (waiting) return;
    const check = new URLSearchParams({ ...searchFields({ subject_id: delivery.subject_id, metadata_key: filters.metadata_key, metadata_value: filters.metadata_value }, undefined), limit: '1' });
    void api.get<Page<Delivery>>(`/v1/deliveries?${check}`).then(
      (answer) => known.set(delivery.id, answer.data.length > 0),
      () => known.set(delivery.id, false),
    ).finally(() => {
      place(asking.get(delivery.id)!);
      asking.delete(delivery.id);
    });
  };

  useEffect(() => {
    document.title = 'Deliveries · Callback Integration Service';
    let current = true;
    setPage(null);
    setError('');
    held.current = [];
    metadata.current = { known: new Map(), asking: new Map() };
    api.get<Page<Delivery>>(`/v1/deliveries?${apiQuery(filters, since, cursor)}`).then(
      (fetched) => {
        if (!current) return; // the filters changed meanwhile: another load owns the view
        // What the API answered matched its metadata search.
        if (filters.metadata_key) for (const delivery of fetched.data) metadata.current.known.set(delivery.id, true);
        const loaded = pageOf(fetched, !cursor, matches);
        setPage({ ...loaded, arrived: 0 });
        for (const { delivery } of held.current ?? []) live(delivery);
        held.current = null;
        setPage((shown) => shown && { ...shown, arrived: 0 });
      },
      (e: Error) => {
        if (!current) return;
        held.current = null;
        setError(e.message);
      },
    );
    const tick = setInterval(() => setNow(Date.now()), 5000);
    return () => {
      current = false;
      clearInterval(tick);
    };
  }, [key]);

  useLiveDeliveries(
    (event) => {
      if (held.current) return void held.current.push(event);
      live(event.delivery);
      setNow(Date.now());
    },
    [key],
  );

  const caption = `Deliveries, newest first${page?.arrived ? ` (${page.arrived} arrived since the page opened)` : ''}`;
  // The whole list is on the page when it is the first and no older one exists: then its rows are the exact count.
  const count: MatchCount = page && page.first && !page.next ? { exact: true, count: page.rows.length } : { exact: false, shown: page?.rows.length ?? 0 };
  const follow = (id: string | null) => navigate(`/?${withQuery(location.query, { operation: id })}`, { replace: true });
  return (
    <main>
      <h1>Deliveries</h1>
      <FilterForm key={key} filters={filters} carried={operation ? { operation } : {}} />
      {operation ? (
        <OperationProgress id={operation} onClose={() => follow(null)} />
      ) : (
        page && <BulkRedelivery choice={bulkChoice(filters, since)} count={count} onStarted={follow} />
      )}
      {error && (
        <p class="error" role="alert">
          Could not load deliveries: {error}
        </p>
      )}
      {page === null && !error ? <p aria-busy="true">Loading…</p> : page && <DeliveryTable deliveries={page.rows} caption={caption} now={now} />}
      <nav class="pager" aria-label="Pages">
        {cursor && (
          <button type="button" onClick={() => navigate(`/?${withQuery(location.query, { cursor: null })}`)}>
            First page
          </button>
        )}
        {page?.next && (
          <button type="button" onClick={() => navigate(`/?${withQuery(location.query, { cursor: page.next! })}`)}>
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
