import { useEffect, useState } from 'preact/hooks';

const BASE = '/dashboard';

/** The current location inside the dashboard: the path after /dashboard and the query. */
export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) || '/' : '/';
  return { path, query: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();

/** Goes to a dashboard URL ('/deliveries/x', '/?status=dead_lettered') without reloading. */
export function navigate(to: string, { replace = false } = {}): void {
  const url = `${BASE}${to === '/' ? '' : to.startsWith('/?') ? to.slice(1) : to}`;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

export function href(to: string): string {
  return `${BASE}${to === '/' ? '' : to}`;
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}
