import { useEffect, useState } from 'preact/hooks';
import { api, followDeliveries, loadSettings, storedKey, storeKey, type LiveState } from './api';
import { Link } from './components/link';
import { LiveIndicator } from './components/live-indicator';
import { publishLive } from './live';
import { useLocation } from './router';
import { DeliveriesView } from './views/deliveries';
import { DeliveryView } from './views/delivery';
import { EndpointView } from './views/endpoint';
import { EndpointEditor } from './views/endpoint-editor';
import { EndpointsView } from './views/endpoints';
import { OverviewView } from './views/overview';
import { SignIn } from './views/sign-in';
import { SubjectView, type SubjectKind } from './views/subject';
import { SubjectsView } from './views/subjects';
import { JumpToId } from './components/jump-to-id';

type Access = { state: 'checking' } | { state: 'signed-in' } | { state: 'sign-in'; error?: string } | { state: 'unreachable'; error: string };

const SUBJECT_ROUTE = /^\/(jobs|runs|steps)\/([^/]+)$/;
const KIND: Record<string, SubjectKind> = { jobs: 'job', runs: 'run', steps: 'step' };
// `/endpoints/new` is matched before this: endpoint ids start with `ep-`.
const ENDPOINT_ROUTE = /^\/endpoints\/([^/]+)(\/edit)?$/;

export function App() {
  const [access, setAccess] = useState<Access>({ state: 'checking' });
  const check = async () => {
    try {
      // Ask for a key only where one is needed; a stored key is checked once before it is used.
      if (!(await loadSettings()).api_key_required) return setAccess({ state: 'signed-in' });
      if (!storedKey()) return setAccess({ state: 'sign-in' });
      if ((await api.check(storedKey())) === 'ok') return setAccess({ state: 'signed-in' });
      storeKey(null);
      setAccess({ state: 'sign-in', error: 'Your API key is no longer accepted. Sign in again.' });
    } catch (e) {
      setAccess({ state: 'unreachable', error: (e as Error).message });
    }
  };
  useEffect(() => void check(), []);

  if (access.state === 'checking') return <main aria-busy="true">Loading…</main>;
  if (access.state === 'unreachable') {
    return (
      <main>
        <h1>Callback deliveries</h1>
        <p class="error" role="alert">
          The service could not be reached: {access.error}
        </p>
        <button type="button" onClick={() => void check()}>
          Try again
        </button>
      </main>
    );
  }
  if (access.state === 'sign-in') return <SignIn initialError={access.error} onSignedIn={() => setAccess({ state: 'signed-in' })} />;
  return <SignedIn onSignedOut={(error) => setAccess({ state: 'sign-in', error })} />;
}

function SignedIn({ onSignedOut }: { onSignedOut: (error?: string) => void }) {
  const location = useLocation();
  const [live, setLive] = useState<LiveState>('connecting');
  useEffect(() => {
    const stop = new AbortController();
    void followDeliveries(publishLive, setLive, () => (storeKey(null), onSignedOut('Your API key is no longer accepted. Sign in again.')), stop.signal);
    return () => stop.abort();
  }, []);

  const subject = SUBJECT_ROUTE.exec(location.path);
  const delivery = /^\/deliveries\/([^/]+)$/.exec(location.path);
  const endpoint = ENDPOINT_ROUTE.exec(location.path);
  let view;
  if (location.path === '/') view = <DeliveriesView location={location} />;
  else if (location.path === '/overview') view = <OverviewView />;
  else if (location.path === '/jobs') view = <SubjectsView kind="job" location={location} />;
  else if (location.path === '/runs') view = <SubjectsView kind="run" location={location} />;
  else if (delivery) view = <DeliveryView id={decodeURIComponent(delivery[1])} />;
  else if (subject) view = <SubjectView kind={KIND[subject[1]]} id={decodeURIComponent(subject[2])} />;
  else if (location.path === '/endpoints') view = <EndpointsView location={location} />;
  else if (location.path === '/endpoints/new') view = <EndpointEditor />;
  else if (endpoint?.[2]) view = <EndpointEditor id={decodeURIComponent(endpoint[1])} />;
  else if (endpoint) view = <EndpointView id={decodeURIComponent(endpoint[1])} />;
  else {
    view = (
      <main>
        <h1>Not found</h1>
        <p>
          Nothing here. <Link to="/">Back to deliveries</Link>
        </p>
      </main>
    );
  }
  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Callback deliveries</span>
        <nav aria-label="Main">
          <Link to="/" class={location.path === '/' ? 'current' : undefined}>
            Deliveries
          </Link>
          <Link to="/overview" class={location.path === '/overview' ? 'current' : undefined}>
            Overview
          </Link>
          <Link to="/endpoints" class={location.path === '/endpoints' || location.path.startsWith('/endpoints/') ? 'current' : undefined}>
            Endpoints
          </Link>
          <Link to="/jobs" class={location.path === '/jobs' || location.path.startsWith('/jobs/') ? 'current' : undefined}>
            Jobs
          </Link>
          <Link to="/runs" class={location.path === '/runs' || location.path.startsWith('/runs/') ? 'current' : undefined}>
            Runs
          </Link>
        </nav>
        <JumpToId />
        <LiveIndicator state={live} />
        {storedKey() && (
          <button type="button" class="secondary" onClick={() => (storeKey(null), onSignedOut())}>
            Sign out
          </button>
        )}
      </header>
      <div id="content" tabIndex={-1}>
        {view}
      </div>
    </>
  );
}
