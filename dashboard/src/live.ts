import { useEffect } from 'preact/hooks';
import type { LiveDeliveryEvent } from './api';

const subscribers = new Set<(event: LiveDeliveryEvent) => void>();

export function publishLive(event: LiveDeliveryEvent): void {
  for (const subscriber of subscribers) subscriber(event);
}

/** Calls `handler` for every delivery event of the live stream while the component is shown. */
export function useLiveDeliveries(handler: (event: LiveDeliveryEvent) => void, deps: unknown[]): void {
  useEffect(() => {
    subscribers.add(handler);
    return () => void subscribers.delete(handler);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
