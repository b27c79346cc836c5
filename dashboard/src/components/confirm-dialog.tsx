import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';

/**
 * A modal confirmation for an action that cannot be taken back. It opens with focus on "Back", so an Enter pressed
 * twice on the button that opened it does not confirm; Escape closes it (except while the action runs). An error
 * of the action is shown inside it, and the action can be tried again.
 */
export function ConfirmDialog({ title, confirmLabel, danger = false, onConfirm, onClose, children }: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  /** The action; the dialog closes itself only if the caller does not unmount it first. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => {
    dialog.current?.showModal();
    back.current?.focus();
  }, []);

  const confirm = async () => {
    setBusy(true);
    setError('');
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (HTTP ${e.status})` : (e as Error).message);
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="confirm-title" onClose={onClose} onCancel={(event) => busy && event.preventDefault()}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class={danger ? 'danger' : undefined} disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
        <button ref={back} type="button" class="secondary" disabled={busy} onClick={() => dialog.current?.close()}>
          Back
        </button>
      </div>
    </dialog>
  );
}
