const LABELS: Record<string, string> = { dead_lettered: 'dead letter' };

/** A coloured chip that always carries the word: colour is never the only signal. */
export function StatusChip({ state }: { state: string }) {
  return <span class={`chip chip-${state.replace(/[^a-z_]/g, '')}`}>{LABELS[state] ?? state.replace(/_/g, ' ')}</span>;
}
