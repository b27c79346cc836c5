import { useEffect, useState } from 'preact/hooks';
import { api, type Delivery, type StoredEvent, type Subject } from '../api';
import { DeliveryTable } from '../components/delivery-table';
import { Link } from '../components/link';
import { StatusChip } from '../components/status-chip';
import { metricsLine, metricsOf, StepMetricsTable } from '../components/step-metrics';
import { Time } from '../components/time';
import { json } from '../format';
import { useLiveDeliveries } from '../live';

export type SubjectKind = 'job' | 'run' | 'step';
const COLLECTION: Record<SubjectKind, string> = { job: 'jobs', run: 'runs', step: 'steps' };
const TITLE: Record<SubjectKind, string> = { job: 'Job', run: 'Run', step: 'Step' };

interface Loaded {
  subject: Subject;
  events: StoredEvent[];
  deliveries: Delivery[];
  steps?: Subject[];
}

/** A job, run or step: its state, metadata, its event stream as a timeline, its deliveries; a run its steps, a step its metrics. */
export function SubjectView({ kind, id }: { kind: SubjectKind; id: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState('');
  const base = `/v1/${COLLECTION[kind]}/${encodeURIComponent(id)}`;

  const load = async () => {
    try {
      const [subject, events, deliveries, steps] = await Promise.all([
        api.get<Subject>(base),
        api.all<StoredEvent>(`${base}/events`),
        api.all<Delivery>(`${base}/deliveries`),
        kind === 'run' ? api.all<Subject>(`${base}/steps`) : Promise.resolve(undefined),
      ]);
      setLoaded({ subject, events, deliveries, steps });
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    document.title = `${TITLE[kind]} ${id} · Callback Integration Service`;
    setLoaded(null);
    void load();
  }, [kind, id]);

  useLiveDeliveries(
    ({ delivery }) => {
      if (delivery.subject_id === id) void load();
    },
    [kind, id],
  );

  if (error) {
    return (
      <main>
        <h1>
          {TITLE[kind]} {id}
        </h1>
        <p class="error" role="alert">
          Could not load this {kind}: {error}
        </p>
      </main>
    );
  }
  if (!loaded) return <main aria-busy="true">Loading…</main>;
  const { subject, events, deliveries, steps } = loaded;
  return (
    <main>
      <h1>
        {TITLE[kind]} <span class="mono">{subject.id}</span> <StatusChip state={subject.status} />
      </h1>
      <dl class="facts">
        {kind === 'step' && (
          <>
            <dt>Run</dt>
            <dd class="mono">
              <Link to={`/runs/${encodeURIComponent(String(subject.run_id))}`}>{String(subject.run_id)}</Link>
            </dd>
          </>
        )}
        {kind === 'run' && subject.agent_id !== null && (
          <>
            <dt>Agent</dt>
            <dd class="mono">{String(subject.agent_id)}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          <Time iso={subject.created_at} />
        </dd>
        <dt>Updated</dt>
        <dd>
          <Time iso={subject.updated_at} />
        </dd>
        <dt>Completed</dt>
        <dd>{subject.completed_at ? <Time iso={subject.completed_at} /> : 'not yet'}</dd>
        {kind !== 'step' && (
          <>
            <dt>Callback URL</dt>
            <dd class="mono break">{subject.callback_url ? String(subject.callback_url) : 'none'}</dd>
            <dt>Callback result</dt>
            <dd>
              {subject.callback_sent_at ? (
                <>
                  {subject.callback_error ?? `HTTP ${subject.callback_status_code}`} at <Time iso={String(subject.callback_sent_at)} />
                </>
              ) : (
                'not sent'
              )}
            </dd>
          </>
        )}
        {kind === 'step' && subject.error !== null && (
          <>
            <dt>Error</dt>
            <dd>{String(subject.error)}</dd>
          </>
        )}
      </dl>
      <section aria-labelledby="metadata-heading">
        <h2 id="metadata-heading">Metadata</h2>
        <pre class="code">{json(subject.metadata ?? {})}</pre>
      </section>
      {kind === 'step' && (
        <section aria-labelledby="metrics-heading">
          <h2 id="metrics-heading">Metrics</h2>
          <StepMetricsTable metrics={metricsOf(subject)} />
        </section>
      )}
      {steps && (
        <section aria-labelledby="steps-heading">
          <h2 id="steps-heading">Steps</h2>
          <div class="table-wrap">
            <table>
              <caption>Steps in the order they were added</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Error</th>
                  <th scope="col">Metrics</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((step) => (
                  <tr key={step.id}>
                    <td class="mono">
                      <Link to={`/steps/${encodeURIComponent(step.id)}`}>{step.id}</Link>
                    </td>
                    <td>
                      <StatusChip state={step.status} />
                    </td>
                    <td>
                      <Time iso={step.created_at} />
                    </td>
                    <td>{step.completed_at ? <Time iso={step.completed_at} /> : '—'}</td>
                    <td>{step.error ? String(step.error) : '—'}</td>
                    <td class={Object.keys(metricsOf(step)).length > 0 ? 'mono' : undefined}>{metricsLine(metricsOf(step))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {steps.length === 0 && <p class="empty">No steps.</p>}
          </div>
        </section>
      )}
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <ol class="timeline" aria-label="Events, in order">
          {events.map((event) => (
            <li key={event.version}>
              <h3>
                {event.version}. {event.type}
              </h3>
              <p>
                <Time iso={event.occurred_at} /> · sequence {event.sequence}
              </p>
              <details>
                <summary>Data</summary>
                <pre class="code">{json(event.data)}</pre>
              </details>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Deliveries</h2>
        <DeliveryTable deliveries={deliveries} caption={`Deliveries about this ${kind}`} now={Date.now()} />
      </section>
    </main>
  );
}
