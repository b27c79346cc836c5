import type { Delivery } from '../api';

/** The delivery states the dashboard shows and filters by (the API's, once `failed` is split in two). */
export const DELIVERY_STATES = ['pending', 'delivering', 'retrying', 'succeeded', 'dead_lettered'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * What a delivery's state means to an operator. The API says `retrying` or `dead_lettered`; an older one says
 * `failed` for both, and a planned next attempt is what tells them apart.
 */
export function deliveryState(delivery: Pick<Delivery, 'status' | 'next_attempt_at'>): DeliveryState {
  const status: string = delivery.status;
  if (status === 'failed') return delivery.next_attempt_at ? 'retrying' : 'dead_lettered';
  return status as DeliveryState;
}

const LABELS: Record<string, string> = { dead_lettered: 'dead letter', dead: 'dead letter' };

/** A coloured chip that always carries the word: colour is never the only signal. */
export function StatusChip({ state }: { state: string }) {
  return <span class={`chip chip-${state.replace(/[^a-z_]/g, '')}`}>{LABELS[state] ?? state.replace(/_/g, ' ')}</span>;
}
