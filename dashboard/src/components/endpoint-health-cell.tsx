import { useEffect, useState } from 'preact/hooks';
import { api, type Endpoint, type EndpointHealth } from '../api';
import { successRateCell } from '../endpoint-facts';
import { StatusChip } from './status-chip';

/** Each listed endpoint's health, by id: an answer, 'error', or absent while it loads. */
export type HealthById = ReadonlyMap<string, EndpointHealth | 'error'>;

/**
 * The health of every endpoint on the page, one request each — the API has no list of health figures yet. A page
 * holds at most 25, and the requests go together; each cell fills in as its answer arrives.
 */
export function useEndpointsHealth(endpoints: readonly Endpoint[] | undefined): HealthById {
  const [health, setHealth] = useState<HealthById>(new Map());
  useEffect(() => {
    let current = true;
    setHealth(new Map());
    for (const { id } of endpoints ?? []) {
      const settle = (answer: EndpointHealth | 'error') => current && setHealth((shown) => new Map(shown).set(id, answer));
      api.get<EndpointHealth>(`/v1/endpoints/${encodeURIComponent(id)}/health`).then(settle, () => settle('error'));
    }
    return () => void (current = false);
  }, [endpoints]);
  return health;
}

/** "healthy 100 % of 12", "failing 25 % of 4", "disabled no attempts" (the last hour). */
export function EndpointHealthCell({ health }: { health: EndpointHealth | 'error' | undefined }) {
  if (health === undefined) return <span class="hint" aria-busy="true">…</span>;
  if (health === 'error') return <span class="hint">not known</span>;
  return (
    <span class="endpoint-state">
      <StatusChip state={health.state} /> <span class="hint">{successRateCell(health)}</span>
    </span>
  );
}
