import { describe, expect, it } from '@jest/globals';
import type { Delivery } from './api';
import { cursorAfter, MAX_ROWS, pageOf, withLiveDelivery, type DeliveryPage } from './delivery-page';

/** A delivery created `second` seconds into the minute (ids sort like the API's tie-break). */
const at = (second: number, status: Delivery['status'] = 'succeeded', id = `dlv-${String(second).padStart(3, '0')}`): Delivery =>
  ({ id, status, created_at: new Date(Date.UTC(2026, 11, 2, 13, 0, second)).toISOString(), next_attempt_at: null }) as Delivery;
const ids = (page: DeliveryPage) => page.rows.map((row) => row.id);
const all = () => true;
/** The API's answer: these rows, and a cursor when an older page exists. */
const answer = (data: Delivery[], hasMore: boolean) => ({ data, has_more: hasMore, next_cursor: hasMore ? `cursor-after-${data[data.length - 1].id}` : null });

describe('a page of the deliveries list under live updates', () => {
  // The API's answer to limit=3: 50, 40, 30, and an older page exists.
  const first = () => pageOf(answer([at(50), at(40), at(30)], true), true, all);

  it("knows where it ends (its last row) and the API's cursor for the next page only when an older page exists", () => {
    expect([first().end, first().next]).toEqual([{ created_at: at(30).created_at, id: 'dlv-030' }, 'cursor-after-dlv-030']);
    const last = pageOf(answer([at(50), at(40)], false), true, all);
    expect([last.end, last.next]).toEqual([null, null]);
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
    expect([page.end?.id, page.next]).toEqual(['dlv-030', 'cursor-after-dlv-030']);
  });

  it('removes a row the filters no longer keep, and takes it back in its place when they do again', () => {
    const gone = withLiveDelivery(first(), at(40, 'delivering'), false);
    expect(ids(gone)).toEqual(['dlv-050', 'dlv-030']);
    expect([gone.end?.id, gone.next]).toEqual(['dlv-030', 'cursor-after-dlv-030']); // the next page still starts after the same row
    expect(ids(withLiveDelivery(gone, at(40, 'retrying'), true))).toEqual(['dlv-050', 'dlv-040', 'dlv-030']);
  });

  it('a later page takes in only what falls between its first and last rows', () => {
    const later = pageOf(answer([at(30), at(20), at(10)], true), false, all);
    expect(ids(withLiveDelivery(later, at(40), true))).toEqual(['dlv-030', 'dlv-020', 'dlv-010']);
    expect(ids(withLiveDelivery(later, at(25), true))).toEqual(['dlv-030', 'dlv-025', 'dlv-020', 'dlv-010']);
  });

  it('past its limit a first page hands its oldest rows on to the next page: the cursor moves up with them', () => {
    let page = pageOf(answer([at(0)], true), true, all);
    for (let second = 1; second <= MAX_ROWS; second++) page = withLiveDelivery(page, at(second), true);
    expect(page.rows).toHaveLength(MAX_ROWS);
    expect(page.rows[0].id).toBe(`dlv-${String(MAX_ROWS).padStart(3, '0')}`);
    expect(page.end).toEqual({ created_at: at(1).created_at, id: 'dlv-001' }); // the next page starts with dlv-000
    expect(page.next).toBe(cursorAfter({ created_at: at(1).created_at, id: 'dlv-001' }));
  });

});
