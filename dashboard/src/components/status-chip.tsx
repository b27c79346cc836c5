import type { Delivery } from '../api';

/** What a delivery's state means to an operator; a planned next attempt makes a failed one "retrying". */
export function deliveryState(delivery: Pick<Delivery, 'status' | 'next_attempt_at'>): 'pending' | 'delivering' | 'succeeded' | 'retrying' | 'dead' {
  if (delivery.status === 'failed') return delivery.next_attempt_at ? 'retrying' : 'dead';
  return delivery.status;
}

const LABELS: Record<string, string> = { dead: 'dead letter' };

/** A coloured chip that always carries the word: colour is never the only signal. */
export function StatusChip({ state }: { state: string }) {
  return <span class={`chip chip-${state.replace(/[^a-z_]/g, '')}`}>{LABELS[state] ?? state.replace(/_/g, ' ')}</span>;
}
