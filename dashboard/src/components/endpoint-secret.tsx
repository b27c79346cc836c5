import { useEffect, useState } from 'preact/hooks';
import { api, type Endpoint, type EndpointSecret, type SecretRotated } from '../api';
import { previousSecretSigns } from '../endpoint-facts';
import { inFuture } from '../format';
import { ConfirmDialog } from './confirm-dialog';
import { Time } from './time';

/**
 * An endpoint's signing secret: never in the page until "Reveal secret" asks the API for it (the only answer that
 * carries it), and hidden again on "Hide secret" or after a rotation (it is no longer the current one).
 */
export function EndpointSecretPanel({ endpoint, onRotated }: { endpoint: Endpoint; onRotated: () => void }) {
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState<SecretRotated | null>(null);
  const path = `/v1/endpoints/${encodeURIComponent(endpoint.id)}/secret`;
  useRenderAgainWhenPassed(endpoint.previous_secret_expires_at);
  const now = Date.now();

  const reveal = async () => {
    setBusy(true);
    setError('');
    try {
      setSecret((await api.get<EndpointSecret>(path)).secret);
    } catch (e) {
      setError(`Could not reveal the secret: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    const answer = await api.post<SecretRotated>(`${path}/rotate`, { body: {} });
    setSecret(null);
    setRotated(answer);
    onRotated();
  };

  return (
    <section aria-labelledby="secret-heading">
      <h2 id="secret-heading">Signing secret</h2>
      <p class="hint">
        Deliveries to this endpoint are signed with its own secret (Standard Webhooks: verify <span class="mono">webhook-signature</span> with it).
        Last rotated: {endpoint.secret_rotated_at ? <Time iso={endpoint.secret_rotated_at} /> : 'never'}.
        {previousSecretSigns(endpoint, now) && (
          <span>
            {' '}
            The previous secret also signs until <Time iso={endpoint.previous_secret_expires_at!} /> ({inFuture(endpoint.previous_secret_expires_at!, now)}).
          </span>
        )}
      </p>
      {secret !== null && (
        <label class="secret">
          Current secret
          <input class="mono" readOnly value={secret} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
      <div class="actions">
        {secret === null ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => void reveal()}>
            Reveal secret
          </button>
        ) : (
          <button type="button" class="secondary" onClick={() => setSecret(null)}>
            Hide secret
          </button>
        )}
        <button type="button" class="secondary" aria-haspopup="dialog" onClick={() => setConfirming(true)}>
          Rotate secret
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="notice">
        {rotated && (
          <>
            Secret rotated at <Time iso={rotated.rotated_at} />. The previous secret keeps signing beside the new one until{' '}
            <Time iso={rotated.previous_secret_expires_at} /> ({inFuture(rotated.previous_secret_expires_at)}): give your receiver the new one before then.
          </>
        )}
      </p>
      {confirming && (
        <ConfirmDialog title="Rotate the signing secret?" confirmLabel="Rotate secret" onConfirm={rotate} onClose={() => setConfirming(false)}>
          <p>
            From now on deliveries to <span class="mono break">{endpoint.url}</span> are signed with a new secret. The current one keeps signing
            beside it (a second signature in <span class="mono">webhook-signature</span>) for the service's overlap — 24 hours unless{' '}
            <span class="mono">ENDPOINT_SECRET_OVERLAP</span> says otherwise; the answer gives the exact time — so a receiver can switch
            without rejecting anything. After that, a receiver that only knows the current secret rejects every delivery.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Renders the component again just after `instant` passes, so what holds only until then goes without a reload. */
function useRenderAgainWhenPassed(instant: string | null): void {
  const [wakes, setWakes] = useState(0);
  useEffect(() => {
    const left = instant === null ? 0 : Date.parse(instant) - Date.now();
    if (left <= 0) return;
    // setTimeout waits at most 2^31 - 1 ms (24.8 days): a longer wait is set again when that one ends.
    const timer = setTimeout(() => setWakes((count) => count + 1), Math.min(left + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [instant, wakes]);
}
