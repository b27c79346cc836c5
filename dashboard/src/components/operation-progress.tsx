import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Operation, type RedeliveryFilter } from '../api';
import { filterFacts, outcomesPending, progressSummary } from '../bulk-redelivery';
import { StatusChip } from './status-chip';
import { Time } from './time';

/** While it runs the page asks every second; after it, a little slower, until every delivery asked for has an outcome. */
const RUNNING_POLL_MS = 1000;
const SETTLING_POLL_MS = 3000;

/**
 * A bulk redelivery's live progress: scheduled of matched as a bar, what became of them, its state; "Cancel
 * redelivery" while it runs. Read from GET /v1/operations/:id (it lives in the URL, so a reload finds it again).
 */
export function OperationProgress({ id, onClose }: { id: string; onClose: () => void }) {
  const [operation, setOperation] = useState<Operation | null>(null);
  const [error, setError] = useState('');
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    setOperation(null);
    setError('');
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current = true;
    const poll = async () => {
      let delay = RUNNING_POLL_MS;
      try {
        const read = await api.get<Operation>(`/v1/operations/${encodeURIComponent(id)}`);
        if (!current) return;
        setOperation(read);
        setError('');
        if (!outcomesPending(read)) return;
        if (read.state !== 'running') delay = SETTLING_POLL_MS;
      } catch (e) {
        if (!current) return;
        setError(`Could not read its progress: ${describe(e)}`);
        if (e instanceof ApiError && e.status === 404) return; // a wrong link: nothing will appear
      }
      timer = setTimeout(() => void poll(), delay);
    };
    void poll();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [id]);

  const cancel = async () => {
    setCancelling(true);
    try {
      setOperation(await api.post<Operation>(`/v1/operations/${encodeURIComponent(id)}/cancel`));
      setError('');
    } catch (e) {
      setError(`Could not cancel: ${describe(e)}`);
    } finally {
      setCancelling(false);
    }
  };

  return (
    <section class="operation" aria-labelledby="operation-title">
      <h2 id="operation-title">
        Bulk redelivery {operation && <StatusChip state={operation.state} />}
      </h2>
      <p class="hint mono break">{id}</p>
      {operation && (
        <>
          <p class="hint">
            Filters:{' '}
            {filterFacts(operation.filter as RedeliveryFilter).map(({ label, value, time, id }, index) => (
              <Fragment key={label}>
                {index > 0 && ', '}
                {label.toLowerCase()} {time ? <Time iso={value} /> : id ? <span class="mono">{value}</span> : <strong>{value}</strong>}
              </Fragment>
            ))}
          </p>
          <label class="progress">
            Scheduled {operation.scheduled} of {operation.matched}
            <progress max={Math.max(operation.matched, 1)} value={operation.matched === 0 ? 1 : operation.scheduled} />
          </label>
          <dl class="tally">
            <div>
              <dt>Matched</dt>
              <dd>{operation.matched}</dd>
            </div>
            <div>
              <dt>Scheduled</dt>
              <dd>{operation.scheduled}</dd>
            </div>
            <div>
              <dt>Succeeded</dt>
              <dd>{operation.succeeded}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd>{operation.failed}</dd>
            </div>
          </dl>
          <p role="status" class="summary">
            {progressSummary(operation)}
          </p>
        </>
      )}
      {!operation && !error && <p aria-busy="true">Loading…</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {operation?.state === 'running' && (
          <button type="button" class="danger" disabled={cancelling} onClick={() => void cancel()}>
            {cancelling ? 'Cancelling…' : 'Cancel redelivery'}
          </button>
        )}
        {operation?.state !== 'running' && (
          <button type="button" class="secondary" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    </section>
  );
}

function describe(error: unknown): string {
  return error instanceof ApiError ? `${error.message} (HTTP ${error.status})` : (error as Error).message;
}
