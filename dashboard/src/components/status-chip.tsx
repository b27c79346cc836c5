import type { Delivery } from '../api';

/** What a delivery's state means to an operator (the chip's colour class). */
export function deliveryState(delivery: Pick<Delivery, 'status'>): 'pending' | 'delivering' | 'succeeded' | 'retrying' | 'dead' {
  return delivery.status === 'dead_lettered' ? 'dead' : delivery.status;
}

const LABELS: Record<string, string> = { dead: 'dead letter' };

/** A coloured chip that always carries the word: colour is never the only signal. */
export function StatusChip({ state }: { state: string }) {
  return <span class={`chip chip-${state.replace(/[^a-z_]/g, '')}`}>{LABELS[state] ?? state.replace(/_/g, ' ')}</span>;
}
