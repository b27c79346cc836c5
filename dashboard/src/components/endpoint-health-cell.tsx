import { useEffect, useState } from 'preact/hooks';
import { api, type Endpoint, type EndpointHealth, type Page } from '../api';
import { successRateCell } from '../endpoint-facts';
import { StatusChip } from './status-chip';

/** Each listed endpoint's health, by id: an answer, 'error', or absent while it loads. */
export type HealthById = ReadonlyMap<string, EndpointHealth | 'error'>;

/**
 * The health of every endpoint on the page, in one request: `GET /v1/endpoints/health` answers the page of the
 * list's order that the same cursor and limit name. Only the endpoints on the page are kept (one created meanwhile
 * may shift the health page; its endpoints show "not known" rather than another's figures).
 */
export function useEndpointsHealth(endpoints: readonly Endpoint[] | undefined, query: string): HealthById {
  const [health, setHealth] = useState<HealthById>(new Map());
  useEffect(() => {
    let current = true;
    setHealth(new Map());
    if (!endpoints) return;
    const listed = new Set(endpoints.map(({ id }) => id));
    api.get<Page<EndpointHealth>>(`/v1/endpoints/health?${query}`).then(
      (page) => {
        const found = new Map(page.data.filter((one) => listed.has(one.endpoint_id)).map((one) => [one.endpoint_id, one] as const));
        if (current) setHealth(new Map(endpoints.map(({ id }) => [id, found.get(id) ?? 'error'])));
      },
      () => current && setHealth(new Map(endpoints.map(({ id }) => [id, 'error']))),
    );
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
