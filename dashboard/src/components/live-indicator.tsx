import type { LiveState } from '../api';

const TEXT: Record<LiveState, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span class={`live live-${state}`} role="status" aria-live="polite" title="New deliveries and attempt results appear without reloading">
      <span class="live-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  );
}
