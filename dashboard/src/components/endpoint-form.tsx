import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type EventTypeInfo } from '../api';
import { fieldOf, patternMeaning, typeChoices, type EndpointField, type EndpointFormValues } from '../endpoint-form';

const ERROR_ID = 'endpoint-form-error';

/**
 * The fields of an endpoint, for creating one and for editing one. The service is the judge of what is valid (the
 * form does not check in the browser): its 400 is shown under the control it names, which is marked and focused.
 */
export function EndpointForm({ initial, eventTypes, submitLabel, onSubmit, onCancel }: {
  initial: EndpointFormValues;
  eventTypes: EventTypeInfo[];
  submitLabel: string;
  onSubmit: (values: EndpointFormValues) => Promise<void>;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: EndpointField } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const set = (changes: Partial<EndpointFormValues>) => setValues((current) => ({ ...current, ...changes }));
  // The choices are fixed when the form opens: a pattern unticked during the edit stays offered.
  const [choices] = useState(() => typeChoices(eventTypes.map((type) => type.name), initial.eventTypes));
  const described = new Map(eventTypes.map((type) => [type.name as string, type.description]));

  useEffect(() => {
    if (!error?.field) return;
    form.current?.querySelector<HTMLElement>(`[data-field="${error.field}"]`)?.focus();
  }, [error]);

  const invalid = (field: EndpointField, hint?: string) =>
    error?.field === field ? { 'aria-invalid': true, 'aria-describedby': [hint, ERROR_ID].filter(Boolean).join(' ') } : { 'aria-describedby': hint };
  const toggle = (name: string, on: boolean) => set({ eventTypes: on ? [...values.eventTypes, name] : values.eventTypes.filter((chosen) => chosen !== name) });
  // The service's message goes right under the control it names (or above the buttons when it names none).
  const errorAt = (field: EndpointField | undefined) =>
    error && error.field === field && (
      <p id={ERROR_ID} class="error" role="alert">
        Could not save the endpoint: {error.message}
      </p>
    );

  return (
    <form
      ref={form}
      class="endpoint-form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await onSubmit(values);
        } catch (e) {
          setError({ message: e instanceof ApiError ? `${e.message} (HTTP ${e.status})` : (e as Error).message, field: e instanceof ApiError ? fieldOf(e.field) : undefined });
          setBusy(false);
        }
      }}
    >
      <label>
        URL
        <input name="url" type="url" inputMode="url" autoComplete="off" placeholder="https://monitor.example.com/hooks" data-field="url" value={values.url} onInput={(e) => set({ url: e.currentTarget.value })} {...invalid('url')} />
      </label>
      {errorAt('url')}
      <label>
        Description
        <input name="description" autoComplete="off" placeholder="What receives these events, who to call" data-field="description" value={values.description} onInput={(e) => set({ description: e.currentTarget.value })} {...invalid('description')} />
      </label>
      {errorAt('description')}
      <fieldset class={error?.field === 'event_types' ? 'invalid' : undefined} aria-describedby={error?.field === 'event_types' ? ERROR_ID : undefined}>
        <legend>Event types</legend>
        <label class="choice">
          <input type="radio" name="scope" data-field="event_types" checked={values.allTypes} onChange={() => set({ allTypes: true })} />
          All event types, including ones added later
        </label>
        <label class="choice">
          <input type="radio" name="scope" checked={!values.allTypes} onChange={() => set({ allTypes: false })} />
          Only the types chosen below
        </label>
        {!values.allTypes && (
          <ul class="type-choices" aria-label="Event types to receive">
            {choices.map((name) => (
              <li key={name}>
                <label class="choice">
                  <input type="checkbox" name="event_types" value={name} checked={values.eventTypes.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
                  <span>
                    <span class="mono">{name}</span>
                    <span class="hint"> {described.has(name) ? withCode(described.get(name)!) : patternMeaning(name)}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {errorAt('event_types')}
      </fieldset>
      <div class="field">
        <label>
          Rate limit, requests a second
          <input name="rate_limit" inputMode="numeric" autoComplete="off" placeholder="no limit" data-field="rate_limit" value={values.rateLimit} onInput={(e) => set({ rateLimit: e.currentTarget.value })} {...invalid('rate_limit', 'rate-limit-hint')} />
        </label>
        <span id="rate-limit-hint" class="hint">
          Held across all replicas; a delivery over it waits for the next second. Empty: no limit.
        </span>
        {errorAt('rate_limit')}
      </div>
      <div class="field">
        <label>
          Retry schedule
          <input name="retry_schedule" class="mono" autoComplete="off" spellcheck={false} placeholder="the service's" data-field="retry_schedule" value={values.retrySchedule} onInput={(e) => set({ retrySchedule: e.currentTarget.value })} {...invalid('retry_schedule', 'retry-schedule-hint')} />
        </label>
        <span id="retry-schedule-hint" class="hint">
          The delays between its attempts, such as <code>5s,1m,10m</code> (units ms, s, m, h, d). Empty: the service's <code>WEBHOOK_RETRY_SCHEDULE</code>.
        </span>
        {errorAt('retry_schedule')}
      </div>
      <label class="choice">
        <input type="checkbox" name="enabled" data-field="enabled" checked={values.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} {...invalid('enabled')} />
        Enabled: send events as they happen (unticked, they are held until it is enabled)
      </label>
      {errorAt('enabled')}
      {errorAt(undefined)}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The API's descriptions quote names in backticks: shown as code. */
function withCode(text: string) {
  return text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part));
}
