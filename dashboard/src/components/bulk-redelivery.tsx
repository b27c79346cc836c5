import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type RedeliveryFilter, type RedeliveryStarted } from '../api';
import { filterFacts, type BulkChoice } from '../bulk-redelivery';
import { newIdempotencyKey } from '../idempotency-key';
import { Time } from './time';

/** How many deliveries the list says match: exact when the whole list is on the page, else at least `shown`. */
export type MatchCount = { exact: true; count: number } | { exact: false; shown: number };

/**
 * "Redeliver all N matching" and its confirmation. The API has no dry run, so N is the list's own count when the
 * whole list is on the page; otherwise the button says "all matching" and the operation's progress gives the
 * exact number. Confirming starts one operation: the confirmation's Idempotency-Key makes a double click or a
 * retry of it answer the same operation.
 */
export function BulkRedelivery({ choice, count, onStarted }: { choice: BulkChoice; count: MatchCount; onStarted: (operationId: string) => void }) {
  const [confirming, setConfirming] = useState<{ filter: RedeliveryFilter; idempotencyKey: string } | null>(null);
  if (choice.kind === 'none') return null;
  if (count.exact && count.count === 0) return null;
  const label = count.exact ? `Redeliver all ${count.count} matching` : 'Redeliver all matching';
  if (choice.kind === 'unavailable') {
    return (
      <div class="actions bulk">
        <button type="button" disabled aria-describedby="bulk-unavailable">
          {label}
        </button>
        <span id="bulk-unavailable" class="hint">
          {choice.reason}
        </span>
      </div>
    );
  }
  return (
    <div class="actions bulk">
      {/* The recovery an operator comes for (dead letters) is the page's main action; resending anything else is not. */}
      <button
        type="button"
        class={choice.filter.status === 'dead_lettered' ? undefined : 'secondary'}
        aria-haspopup="dialog"
        onClick={() => setConfirming({ filter: choice.filter, idempotencyKey: newIdempotencyKey() })}
      >
        {label}
      </button>
      {confirming && (
        <Confirmation
          filter={confirming.filter}
          idempotencyKey={confirming.idempotencyKey}
          count={count}
          onClose={() => setConfirming(null)}
          onStarted={(id) => {
            setConfirming(null);
            onStarted(id);
          }}
        />
      )}
    </div>
  );
}

function Confirmation({ filter, idempotencyKey, count, onClose, onStarted }: {
  filter: RedeliveryFilter;
  idempotencyKey: string;
  count: MatchCount;
  onClose: () => void;
  onStarted: (id: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
    // Focus starts on "Back": an Enter pressed twice on "Redeliver all" opens the confirmation, not the operation.
    back.current?.focus();
  }, []);

  const start = async () => {
    setBusy(true);
    setError('');
    try {
      const started = await api.post<RedeliveryStarted>('/v1/deliveries/redeliver', { body: filter, headers: { 'idempotency-key': idempotencyKey } });
      onStarted(started.operation_id);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (HTTP ${e.status})` : (e as Error).message);
      setBusy(false);
    }
  };

  const title = count.exact ? `Redeliver all ${count.count} matching deliveries?` : 'Redeliver all matching deliveries?';
  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="bulk-title" aria-describedby="bulk-what" onClose={onClose} onCancel={(event) => busy && event.preventDefault()}>
      <h2 id="bulk-title">{title}</h2>
      <p>Every delivery that matches these filters:</p>
      <dl class="facts">
        {filterFacts(filter).map(({ label, value, time, id }) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd class={id ? 'mono break' : undefined}>{time ? <Time iso={value} /> : value}</dd>
          </Fragment>
        ))}
      </dl>
      <p id="bulk-what">
        {count.exact
          ? `${count.count} match now, as listed. `
          : `More than the ${count.shown} shown on this page match; the service counts them when it starts and shows the number below. `}
        Each one is sent once more, under its own webhook-id (one delivered meanwhile is skipped). The service paces them — a few at a time, within each
        host's concurrency limit — so a receiver that just came back is not flooded. Deliveries created after you confirm are not
        included. You can cancel while it runs.
      </p>
      {error && (
        <p class="error" role="alert">
          Could not start the redelivery: {error}
        </p>
      )}
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void start()}>
          {busy ? 'Starting…' : 'Start redelivery'}
        </button>
        <button ref={back} type="button" class="secondary" disabled={busy} onClick={() => dialog.current?.close()}>
          Back
        </button>
      </div>
    </dialog>
  );
}
