import { useState } from 'preact/hooks';
import { api, type Page, type Subject } from '../api';
import { jumpTarget } from '../jump-target';
import { navigate } from '../router';

/** The header's "Go to id" box: a job, run, step, delivery, endpoint or operation by its id (jobs and runs by its start). */
export function JumpToId() {
  const [message, setMessage] = useState('');
  return (
    <form
      class="jump"
      role="search"
      aria-label="Go to id"
      onSubmit={async (event) => {
        event.preventDefault();
        const input = event.currentTarget.elements.namedItem('id') as HTMLInputElement;
        const target = jumpTarget(input.value);
        if (target.kind === 'unknown') return setMessage(target.message);
        setMessage('');
        let to = target.to;
        if (target.prefixSearch) {
          // The list of those it starts, unless it is exactly one whole id (asked as a search: no 404 to log).
          const found = await api.get<Page<Subject>>(`${target.prefixSearch.api}&limit=2`).catch(() => null);
          to = found?.data.length === 1 && found.data[0].id === input.value.trim() ? target.to : target.prefixSearch.page;
        }
        input.value = '';
        navigate(to);
      }}
    >
      <label>
        <span class="visually-hidden">Go to id</span>
        <input name="id" placeholder="Go to id: job-…, dlv-…" autocomplete="off" spellcheck={false} />
      </label>
      <button type="submit" class="secondary">
        Go
      </button>
      {message && (
        <p class="jump-message" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
