import type { Decider } from '../../src/platform/domain/decider';
import type { RecordedEvent } from '../../src/platform/domain/recorded-event';
import { recordedEvents } from './recorded-events';

export interface Decided<State> {
  state: State | undefined;
  /** Every event decided so far, as the store would read them back. */
  events: RecordedEvent[];
  /** The events the last command decided. */
  last: RecordedEvent[];
}

/** Runs commands through a decider as the service does: decide on the state so far, then fold the new events in. */
export function run<Command, State>(decider: Decider<Command, State>, commands: readonly Command[], from?: Decided<State>): Decided<State> {
  let { state, events } = from ?? { state: undefined, events: [] as RecordedEvent[] };
  let last: RecordedEvent[] = [];
  for (const command of commands) {
    last = recordedEvents(decider.decide(command, state), events.length + 1);
    for (const event of last) state = decider.evolve(state, event);
    events = [...events, ...last];
  }
  return { state, events, last };
}

/** The state a whole stream replays to, event by event from nothing. */
export function replay<State>(decider: Decider<unknown, State>, events: readonly RecordedEvent[]): State | undefined {
  return events.reduce<State | undefined>((state, event) => decider.evolve(state, event), undefined);
}
