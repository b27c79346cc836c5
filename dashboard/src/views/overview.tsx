import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type DeliveryStats } from '../api';
import { LatencyLines, minuteSlots, OutcomeBars } from '../components/charts';
import { Link } from '../components/link';
import { Ago } from '../components/time';
import { span } from '../format';
import { useLiveDeliveries } from '../live';

const MINUTES = 60;

/** The last hour: attempt outcomes and latency per minute, the backlog, and how each destination is doing. */
export function OverviewView() {
  const [stats, setStats] = useState<DeliveryStats | null>(null);
  const [error, setError] = useState('');
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const load = () => api.get<DeliveryStats>(`/v1/deliveries/stats?minutes=${MINUTES}`).then((s) => (setStats(s), setError('')), (e: Error) => setError(e.message));

  useEffect(() => {
    document.title = 'Overview · Callback Integration Service';
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => (clearInterval(timer), clearTimeout(pending.current));
  }, []);
  useLiveDeliveries(() => {
    pending.current ??= setTimeout(() => ((pending.current = undefined), void load()), 2000);
  }, []);

  if (error && !stats) {
    return (
      <main>
        <h1>Overview</h1>
        <p class="error" role="alert">
          Could not load the figures: {error}
        </p>
      </main>
    );
  }
  if (!stats) return <main aria-busy="true">Loading…</main>;
  const slots = minuteSlots(stats, MINUTES);
  const totals = stats.minutes.reduce((sum, m) => ({ ok: sum.ok + m.succeeded, retry: sum.retry + m.retrying, dead: sum.dead + m.dead_lettered }), { ok: 0, retry: 0, dead: 0 });
  const { backlog } = stats;
  return (
    <main>
      <h1>Overview</h1>
      <ul class="figures" aria-label="Now">
        <li>
          <span class="figure">{backlog.dead_letters}</span> dead letters{' '}
          {backlog.dead_letters > 0 && <Link to="/?status=dead_lettered">see the dead letters</Link>}
        </li>
        <li>
          <span class="figure">{backlog.pending + backlog.retrying}</span> waiting ({backlog.pending} new, {backlog.retrying} retrying)
        </li>
        <li>
          <span class="figure">{backlog.delivering}</span> being delivered
        </li>
        <li>
          <span class="figure">{span(backlog.oldest_due_age_seconds * 1000)}</span> oldest due age
        </li>
      </ul>
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Attempts per minute, last hour</h2>
        <p class="legend">
          <span class="key key-succeeded" /> succeeded ({totals.ok}) <span class="key key-retrying" /> failed, retrying ({totals.retry}){' '}
          <span class="key key-dead_lettered" /> dead-lettered ({totals.dead})
        </p>
        <OutcomeBars slots={slots} label={`Attempts per minute over the last hour: ${totals.ok} succeeded, ${totals.retry} retrying, ${totals.dead} dead-lettered`} />
      </section>
      <section aria-labelledby="latency-heading">
        <h2 id="latency-heading">Latency, completed_at → success</h2>
        <p class="legend">
          <span class="key key-p50" /> p50 <span class="key key-p99" /> p99
        </p>
        <LatencyLines slots={slots} label="p50 and p99 delivery latency per minute over the last hour" />
      </section>
      <section aria-labelledby="destinations-heading">
        <h2 id="destinations-heading">Destinations</h2>
        <div class="table-wrap">
          <table>
            <caption>Destinations with attempts in the last hour, failing first: each endpoint, and each callback URL without its query</caption>
            <thead>
              <tr>
                <th scope="col">Destination</th>
                <th scope="col">Attempts</th>
                <th scope="col">Success rate</th>
                <th scope="col">p99 latency</th>
                <th scope="col">Failing streak</th>
                <th scope="col">Last attempt</th>
              </tr>
            </thead>
            <tbody>
              {stats.destinations.map((d) => (
                <tr key={d.endpoint_id ?? d.url}>
                  <td class="mono break">
                    <Link to={d.endpoint_id ? `/?endpoint_id=${encodeURIComponent(d.endpoint_id)}` : `/?url=${encodeURIComponent(d.url)}`}>{d.url}</Link>
                    {d.endpoint_id && (
                      <>
                        {' '}
                        <span class="hint">
                          endpoint <Link to={`/endpoints/${encodeURIComponent(d.endpoint_id)}`}>{d.endpoint_id}</Link>
                        </span>
                      </>
                    )}
                  </td>
                  <td class="num">{d.attempts}</td>
                  <td class="num">{(d.success_rate * 100).toFixed(1)} %</td>
                  <td class="num">{d.p99_latency_ms === null ? '—' : span(d.p99_latency_ms)}</td>
                  <td class="num">{d.failing_streak}</td>
                  <td>
                    <Ago iso={d.last_attempt_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {stats.destinations.length === 0 && <p class="empty">No attempts in the last hour.</p>}
        </div>
      </section>
    </main>
  );
}
