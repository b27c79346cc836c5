import { describe, expect, it } from '@jest/globals';
import type { Delivery } from './api';
import { MAX_ROWS, pageOf, withLiveDelivery, type DeliveryPage } from './delivery-page';

/** A delivery created `second` seconds into the minute (ids sort like the API's tie-break). */
const at = (second: number, status: Delivery['status'] = 'succeeded', id = `dlv-${String(second).padStart(3, '0')}`): Delivery =>
  ({ id, status, created_at: new Date(Date.UTC(2026, 11, 2, 13, 0, second)).toISOString(), next_attempt_at: null }) as Delivery;
const ids = (page: DeliveryPage) => page.rows.map((row) => row.id);
const all = () => true;

describe('a page of the deliveries list under live updates', () => {
  // The API's answer to limit=4 (one more than the page of 3): 50, 40, 30 shown, 20 says an older page exists.
  const first = () => pageOf([at(50), at(40), at(30), at(20)], 3, true, all);

  it('knows its cursor (the last row it shows) only when an older page exists', () => {
    expect(first().cursor).toEqual({ created_at: at(30).created_at, id: 'dlv-030' });
    expect(pageOf([at(50), at(40)], 3, true, all).cursor).toBeNull();
  });

  it('changes a row in place, wherever its update comes from: a redelivery does not move it', () => {
    const page = withLiveDelivery(first(), at(40, 'retrying'), true);
    expect(ids(page)).toEqual(['dlv-050', 'dlv-040', 'dlv-030']);
    expect(page.rows[1].status).toBe('retrying');
    expect(page.arrived).toBe(0);
  });

  it('leaves an update of a delivery older than the cursor to the page it is on', () => {
    expect(withLiveDelivery(first(), at(10, 'retrying'), true)).toEqual(first());
  });

  it('puts a new delivery where its creation time says, the tie broken by id, and drops no row', () => {
    let page = withLiveDelivery(first(), at(60), true);
    page = withLiveDelivery(page, at(45), true);
    page = withLiveDelivery(page, at(45, 'pending', 'dlv-045b'), true);
    expect(ids(page)).toEqual(['dlv-060', 'dlv-050', 'dlv-045b', 'dlv-045', 'dlv-040', 'dlv-030']);
    expect(page.arrived).toBe(3);
    expect(page.cursor?.id).toBe('dlv-030');
  });

  it('removes a row the filters no longer keep, and takes it back in its place when they do again', () => {
    const gone = withLiveDelivery(first(), at(40, 'delivering'), false);
    expect(ids(gone)).toEqual(['dlv-050', 'dlv-030']);
    expect(gone.cursor?.id).toBe('dlv-030'); // the next page still starts after the same row
    expect(ids(withLiveDelivery(gone, at(40, 'retrying'), true))).toEqual(['dlv-050', 'dlv-040', 'dlv-030']);
  });

  it('a later page takes in only what falls between its first and last rows', () => {
    const later = pageOf([at(30), at(20), at(10), at(5)], 3, false, all);
    expect(ids(withLiveDelivery(later, at(40), true))).toEqual(['dlv-030', 'dlv-020', 'dlv-010']);
    expect(ids(withLiveDelivery(later, at(25), true))).toEqual(['dlv-030', 'dlv-025', 'dlv-020', 'dlv-010']);
  });

  it('past its limit a first page hands its oldest rows on to the next page: the cursor moves up with them', () => {
    let page = pageOf([at(0), at(-1)], 1, true, all);
    for (let second = 1; second <= MAX_ROWS; second++) page = withLiveDelivery(page, at(second), true);
    expect(page.rows).toHaveLength(MAX_ROWS);
    expect(page.rows[0].id).toBe(`dlv-${String(MAX_ROWS).padStart(3, '0')}`);
    expect(page.cursor).toEqual({ created_at: at(1).created_at, id: 'dlv-001' }); // the next page starts with dlv-000
  });
});
