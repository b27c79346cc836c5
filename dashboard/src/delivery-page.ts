// One page of the deliveries list and how a live update changes it. The API pages newest first by
// (created_at, id), which never changes for a delivery: a page is a range of that order, and a row joins or
// leaves a page only inside its range, so a retried old delivery stays where it was created and paging on
// (after the page's last row from the API) neither repeats nor skips a row.
import type { Delivery, Page } from './api';

/** Where the list is in the newest-first order: a delivery's creation time, then its id. */
export interface OrderKey {
  created_at: string;
  id: string;
}

export interface DeliveryPage {
  rows: Delivery[];
  /** The first page has no upper bound: a delivery created after it loaded joins it at the top. */
  first: boolean;
  /** Where the page ends: its last row from the API (shown or not); null when no older page exists. */
  end: OrderKey | null;
  /** The API's `cursor` for the page after `end`; null when there is none. */
  next: string | null;
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
 * The cursor of the API's newest-first lists for the place after `key`: what its `next_cursor` would be on a page
 * ending there. Clients of the API treat cursors as opaque; the dashboard ships with the service and needs one for
 * a place no page of the API ended at (a first page that grew past MAX_ROWS). delivery-page.spec.ts checks it
 * against the service's own encoder.
 */
export function cursorAfter(key: OrderKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify([key.created_at, key.id]));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The page as the API gave it; `shown` says which of its rows the filters keep. */
export function pageOf(page: Page<Delivery>, first: boolean, shown: (delivery: Delivery) => boolean): DeliveryPage {
  const last = page.data[page.data.length - 1];
  const end = page.has_more && last ? { created_at: last.created_at, id: last.id } : null;
  return { rows: page.data.filter(shown), first, end, next: end ? page.next_cursor : null, arrived: 0 };
}

/** Whether a delivery not on the page belongs between its bounds. */
function inRange(page: DeliveryPage, delivery: Delivery): boolean {
  // Above the first row of a later page lies the previous page (whose end is not known here): not ours.
  const below = page.first || (page.rows.length > 0 && newestFirst(page.rows[0], delivery) < 0);
  const above = page.end === null || newestFirst(delivery, page.end) < 0;
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
  const end = { created_at: last.created_at, id: last.id };
  return { ...page, rows: kept, end, next: cursorAfter(end), arrived: page.arrived + 1 };
}
