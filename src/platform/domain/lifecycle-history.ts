import type { LifecycleState } from './lifecycle-aggregate';
import type { RecordedEvent } from './recorded-event';

type ExtraFromCreated = (data: RecordedEvent['data']) => Record<string, unknown>;

/**
 * Replays a job or run stream, event by event, into the state the aggregate decides on. The event log is the
 * source of truth: a projection row that says otherwise changes nothing here.
 */
export class LifecycleHistory<State extends LifecycleState<string>> {
  private state: State | undefined;
  private lastVersion = 0;

  constructor(
    /** 'Job' or 'Run': the prefix of the stream's event types. */
    private readonly prefix: string,
    private readonly id: string,
    private readonly extraFromCreated: ExtraFromCreated = () => ({}),
  ) {}

  apply(event: RecordedEvent): void {
    const at = event.occurredAt;
    this.lastVersion = event.version;
    if (event.type === `${this.prefix}Created`) {
      const { metadata, callback_url: callbackUrl } = event.data;
      const base = { id: this.id, status: 'created', metadata: metadata ?? {}, callbackUrl: callbackUrl ?? null, createdAt: at, updatedAt: at, completedAt: null };
      this.state = { ...base, ...this.extraFromCreated(event.data) } as unknown as State;
      return;
    }
    const state = this.state;
    if (!state) return; // not a stream of this kind
    state.updatedAt = at;
    if (event.type === `${this.prefix}Started`) state.status = 'running';
    else if (event.type === `${this.prefix}MetadataChanged`) state.metadata = { ...state.metadata, ...event.data.metadata };
    else if (event.type === `${this.prefix}Completed`) {
      state.status = event.data.status;
      state.completedAt = at;
    }
  }

  /** The replayed state and the version it covers; undefined when the stream holds no such entity. */
  result(): { state: State; version: number } | undefined {
    return this.state ? { state: this.state, version: this.lastVersion } : undefined;
  }
}
