import type { DomainEvent } from './domain-event';
import type { RecordedEvent } from './recorded-event';

/**
 * An aggregate's rules as two pure functions. `decide` answers a command from the state the log gives with the
 * events it causes (none: a no-op; a DomainError: a refusal); `evolve` folds one event into the state. The same
 * `evolve` replays a stream and applies a command's new events, so a decision always sees the log's state.
 */
export interface Decider<Command, State> {
  decide(command: Command, state: State | undefined): DomainEvent[];
  /** Undefined while the stream holds no such entity (no events yet, or a stream of another kind). */
  evolve(state: State | undefined, event: RecordedEvent): State | undefined;
}
