import { useState } from 'preact/hooks';
import { api, storeKey } from '../api';

/** Asked for when the service has API_KEYS set. The key is kept in this tab's sessionStorage only. */
export function SignIn({ onSignedIn, initialError }: { onSignedIn: () => void; initialError?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState(initialError ?? '');
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in">
      <h1>Callback deliveries</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError('');
          try {
            const verdict = await api.check(key.trim());
            if (verdict === 'ok') {
              storeKey(key.trim());
              onSignedIn();
            } else {
              setError('That API key was not accepted. Check it and try again.');
            }
          } catch {
            setError('The service could not be reached. Try again.');
          } finally {
            setBusy(false);
          }
        }}
      >
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autoComplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <p class="hint">The key stays in this browser tab (sessionStorage) and is sent only to this service.</p>
      </form>
    </main>
  );
}
