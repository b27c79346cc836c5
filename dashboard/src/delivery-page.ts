// One page of the deliveries list and how a live update changes it. The API pages newest first by
// (created_at, id), which never changes for a delivery: a page is a range of that order, and a row joins or
// leaves a page only inside its range, so a retried old delivery stays where it was created and paging on
// (the cursor is the page's last row from the API) neither repeats nor skips a row.
import type { Delivery } from './api';

/** Where the list is in the newest-first order: a delivery's creation time, then its id. */
export interface OrderKey {
  created_at: string;
  id: string;
}

export interface DeliveryPage {
  rows: Delivery[];
  /** The first page has no upper bound: a delivery created after it loaded joins it at the top. */
  first: boolean;
  /** The last row the API gave (shown or not): the next page continues after it; null when there is none. */
  cursor: OrderKey | null;
  /** How many rows joined since the page loaded. */
  arrived: number;
}

/** A first page grows with new deliveries up to this; beyond it the oldest rows move on to the next page. */
export const MAX_ROWS = 100;

/** Negative when `a` comes first (is newer). ISO strings from the API share one format, so they compare as text. */
export function newestFirst(a: OrderKey, b: OrderKey): number {
  if (a.created_at !== b.created_at) return a.created_at > b.created_at ? -1 : 1;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

/**
 * The page as the API gave it: `fetched` holds up to `size + 1` rows (one more tells whether an older page
 * exists), `shown` says which of the first `size` the filters keep.
 */
export function pageOf(fetched: Delivery[], size: number, first: boolean, shown: (delivery: Delivery) => boolean): DeliveryPage {
  const rows = fetched.slice(0, size);
  const last = rows[rows.length - 1];
  const cursor = fetched.length > size && last ? { created_at: last.created_at, id: last.id } : null;
  return { rows: rows.filter(shown), first, cursor, arrived: 0 };
}

/** Whether a delivery not on the page belongs between its bounds. */
function inRange(page: DeliveryPage, delivery: Delivery): boolean {
  // Above the first row of a later page lies the previous page (whose end is not known here): not ours.
  const below = page.first || (page.rows.length > 0 && newestFirst(page.rows[0], delivery) < 0);
  const above = page.cursor === null || newestFirst(delivery, page.cursor) < 0;
  return below && above;
}

/** The page after a live update of `delivery`, which `matches` says whether the filters keep. */
export function withLiveDelivery(page: DeliveryPage, delivery: Delivery, matches: boolean): DeliveryPage {
  const index = page.rows.findIndex((row) => row.id === delivery.id);
  if (index >= 0) {
    // Its place never changes: the creation time is fixed. A row the filters no longer keep leaves.
    const rows = matches ? page.rows.map((row, i) => (i === index ? delivery : row)) : page.rows.filter((_, i) => i !== index);
    return { ...page, rows };
  }
  if (!matches || !inRange(page, delivery)) return page;
  const at = page.rows.findIndex((row) => newestFirst(delivery, row) < 0);
  const rows = at < 0 ? [...page.rows, delivery] : [...page.rows.slice(0, at), delivery, ...page.rows.slice(at)];
  if (rows.length <= MAX_ROWS) return { ...page, rows, arrived: page.arrived + 1 };
  // Too long: the oldest rows go to the next page, which now starts after the last one kept.
  const kept = rows.slice(0, MAX_ROWS);
  const last = kept[kept.length - 1];
  return { ...page, rows: kept, cursor: { created_at: last.created_at, id: last.id }, arrived: page.arrived + 1 };
}
