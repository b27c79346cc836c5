import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Endpoint, type EndpointHealth } from '../api';
import { durationText, failingStreakText, successRateText, windowText } from '../endpoint-facts';
import { StatusChip } from './status-chip';
import { Ago, Time } from './time';

/** The window the figures cover: the API's default, the same as the Overview's. */
const WINDOW_MINUTES = 60;

/**
 * The endpoint's health as the API reckons it: state, success rate and durations over the last hour, the failing
 * streak and since when, the last success and failure. Read again whenever `revision` changes (an attempt of the
 * endpoint landed, or the endpoint was paused or resumed).
 */
export function EndpointHealthSection({ endpoint, revision, onOutdated }: {
  endpoint: Endpoint;
  revision: number;
  /** The health answer disagrees with the endpoint shown (the service disabled it meanwhile): read it again. */
  onOutdated: () => void;
}) {
  const [health, setHealth] = useState<EndpointHealth | null>(null);
  const [error, setError] = useState('');
  // Live events can start loads that overlap: only the latest one started may show its answer.
  const latestLoad = useRef(0);

  useEffect(() => {
    const load = ++latestLoad.current;
    api.get<EndpointHealth>(`/v1/endpoints/${encodeURIComponent(endpoint.id)}/health?minutes=${WINDOW_MINUTES}`).then(
      (loaded) => {
        if (load !== latestLoad.current) return;
        setHealth(loaded);
        setError('');
        if ((loaded.state === 'disabled') === endpoint.enabled) onOutdated();
      },
      (e: Error) => load === latestLoad.current && setError(e.message),
    );
  }, [endpoint.id, endpoint.enabled, revision]);

  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">
        Health {health && <StatusChip state={health.state} />}
      </h2>
      {error && (
        <p class="error" role="alert">
          Could not load its health: {error}
        </p>
      )}
      {health === null ? (
        !error && <p aria-busy="true">Loading…</p>
      ) : (
        <>
          <p class="hint">
            Rates and durations: the attempts that finished in the last {windowText(health.window_minutes)} (a duration is from sending to the
            answer). The failing streak counts every failed attempt since the last success, however old.
          </p>
          <dl class="facts health" aria-label="Health figures">
            <dt>Success rate</dt>
            <dd>{successRateText(health)}</dd>
            <dt>Duration p50 / p99</dt>
            <dd>
              {durationText(health.p50_duration_ms)} / {durationText(health.p99_duration_ms)}
            </dd>
            <dt>Failing streak</dt>
            <dd>
              {failingStreakText(health.failing_streak)}
              {health.failing_since && (
                <>
                  , since <Time iso={health.failing_since} />
                </>
              )}
            </dd>
            <dt>Last success</dt>
            <dd>{health.last_success_at ? <WhenAndAgo iso={health.last_success_at} /> : 'never'}</dd>
            <dt>Last failure</dt>
            <dd>{health.last_failure_at ? <WhenAndAgo iso={health.last_failure_at} /> : 'never'}</dd>
          </dl>
        </>
      )}
    </section>
  );
}

function WhenAndAgo({ iso }: { iso: string }) {
  return (
    <>
      <Time iso={iso} /> (<Ago iso={iso} />)
    </>
  );
}
