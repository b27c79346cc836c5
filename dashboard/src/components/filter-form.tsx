import { useState } from 'preact/hooks';
import { navigate } from '../router';
import { FILTERS, WINDOWS, type Filters } from '../delivery-search';
import { DELIVERY_STATES } from '../delivery-states';

const STATE_LABELS: Record<string, string> = { dead_lettered: 'dead letter', failed: 'failed (retrying or dead letter)' };

/**
 * The filters, in the URL when applied. On a narrow screen they fold behind a button, so the first screen shows
 * deliveries; on a wide one they are always open (the button is hidden). `carried`: what else the URL keeps when
 * the filters change (the bulk redelivery being followed).
 */
export function FilterForm({ filters, carried = {} }: { filters: Filters; carried?: Record<string, string> }) {
  const [open, setOpen] = useState(false);
  const active = FILTERS.filter((name) => filters[name]).length;
  // An old link's `failed` stays choosable, so the form shows what the URL says.
  const states: string[] = filters.status === 'failed' ? [...DELIVERY_STATES, 'failed'] : [...DELIVERY_STATES];
  return (
    <>
      <button type="button" class="secondary filters-toggle" aria-expanded={open} aria-controls="delivery-filters" onClick={() => setOpen(!open)}>
        Filters{active > 0 ? ` (${active} active)` : ''}
      </button>
      <form
        id="delivery-filters"
        class={open ? 'filters' : 'filters folded'}
        role="search"
        aria-label="Filter deliveries"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const query = new URLSearchParams(carried);
          for (const name of FILTERS) {
            const value = String(data.get(name) ?? '').trim();
            if (value) query.set(name, value);
          }
          navigate(`/?${query.toString()}`);
        }}
      >
        <label>
          Status
          <select name="status">
            <Option value="" label="Any" chosen={filters.status} />
            {states.map((state) => (
              <Option key={state} value={state} label={STATE_LABELS[state] ?? state} chosen={filters.status} />
            ))}
          </select>
        </label>
        <label>
          Kind
          <select name="kind">
            <Option value="" label="Any" chosen={filters.kind} />
            <Option value="job" label="job" chosen={filters.kind} />
            <Option value="run" label="run" chosen={filters.kind} />
            <Option value="step" label="step" chosen={filters.kind} />
          </select>
        </label>
        <label>
          Subject id starts with
          <input name="subject_id_prefix" defaultValue={filters.subject_id_prefix ?? filters.subject_id ?? ''} placeholder="job-…, run-… or step-…" />
        </label>
        <label>
          Endpoint id
          <input name="endpoint_id" defaultValue={filters.endpoint_id ?? ''} placeholder="ep-…" />
        </label>
        <label>
          URL starts with
          <input name="url" defaultValue={filters.url ?? filters.host ?? ''} placeholder="ci.example.com/hooks" />
        </label>
        <label>
          Last status code
          <input name="status_code" type="number" min={100} max={599} defaultValue={filters.status_code ?? ''} placeholder="503" />
        </label>
        <label>
          Metadata key
          <input name="metadata_key" defaultValue={filters.metadata_key ?? ''} placeholder="pipeline" />
        </label>
        <label>
          Metadata value
          <input name="metadata_value" defaultValue={filters.metadata_value ?? ''} placeholder="nightly (any when empty)" />
        </label>
        <label>
          Time window
          <select name="window">
            <Option value="" label="Any time" chosen={filters.window} />
            {Object.entries(WINDOWS).map(([value, { label }]) => (
              <Option key={value} value={value} label={label} chosen={filters.window} />
            ))}
          </select>
        </label>
        <div class="filter-actions">
          <button type="submit">Apply filters</button>
          <button type="button" class="secondary" onClick={() => navigate(Object.keys(carried).length > 0 ? `/?${new URLSearchParams(carried).toString()}` : '/')}>
            Clear
          </button>
        </div>
      </form>
    </>
  );
}

/** An option selected when the URL chose it (set once: a re-render does not undo what the user picked since). */
function Option({ value, label, chosen }: { value: string; label: string; chosen: string | undefined }) {
  return (
    <option value={value} selected={(chosen ?? '') === value}>
      {label}
    </option>
  );
}
