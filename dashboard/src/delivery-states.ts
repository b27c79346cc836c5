// The delivery states the dashboard shows and filters by. The API names them; an older one says `failed` for
// both retrying and dead_lettered, and a planned next attempt is what tells them apart.
import type { Delivery } from './api';

export const DELIVERY_STATES = ['pending', 'delivering', 'retrying', 'succeeded', 'dead_lettered'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What a delivery's state means to an operator, whichever names the API uses. */
export function deliveryState(delivery: Pick<Delivery, 'status' | 'next_attempt_at'>): DeliveryState {
  const status: string = delivery.status;
  if (status === 'failed') return delivery.next_attempt_at ? 'retrying' : 'dead_lettered';
  return status as DeliveryState;
}

/** Whether a filter on `wanted` keeps a delivery in `state`; `failed` (an old link's) keeps both halves of it. */
export function stateMatches(state: DeliveryState, wanted: string | undefined): boolean {
  return !wanted || state === wanted || (wanted === 'failed' && (state === 'retrying' || state === 'dead_lettered'));
}

/**
 * What to send as `?status=` for a filter, given the statuses the API takes; what it answers is then narrowed by
 * `stateMatches`. Undefined: ask for every status.
 */
export function apiStatus(wanted: string | undefined, known: readonly string[]): string | undefined {
  if (!wanted || known.includes(wanted)) return wanted;
  if ((wanted === 'retrying' || wanted === 'dead_lettered') && known.includes('failed')) return 'failed';
  return undefined;
}
