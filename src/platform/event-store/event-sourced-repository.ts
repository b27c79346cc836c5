import { RECENT_BYTES_PER_TABLE, RECENT_ROWS_PER_TABLE, RecentRows } from '../database/recent-rows';
import type { WriteBatch } from '../database/write-batch';
import type { Decider } from '../domain/decider';
import { isStorableText } from '../domain/input-rules';
import type { RecordedEvent } from '../domain/recorded-event';
import type { Projection } from '../projections/projection';
import type { EventStore } from './event-store';

/** A stream as its events say: the decider's state and each projection's rows, at `version`. */
export interface LoadedStream<State> {
  readonly id: string;
  readonly state: State | undefined;
  readonly version: number;
  /** Each projection's row (in the order the projections were given); undefined where it has none. */
  readonly rows: readonly unknown[];
}

export interface CommandOutcome<State> {
  /** The stream after the command (for a replayed create: as the first create left it). */
  stream: LoadedStream<State>;
  changed: boolean;
  /** An idempotent create's repeat. */
  replayed: boolean;
}

export interface StreamKind<Command, State> {
  readonly streamType: string;
  readonly decider: Decider<Command, State>;
  /** The read models of this stream type, fed with the events each command appends. */
  readonly projections: readonly Projection[];
  /** Whether the state is worth keeping after a commit: the next command on it then needs no replay. */
  keepRecent(state: State): boolean;
  /** Bytes the state holds, roughly (bounds the recent cache). */
  sizeOf(state: State): number;
  /**
   * Whether retention may purge a stream in this state (finished long enough ago): a command appending to such a
   * stream holds its last event until commit, so a purge and the command never both succeed (see EventStore.append).
   */
  mayBePurged?(state: State): boolean;
}

/**
 * Loads a stream by replaying it and runs commands against it: the decider decides, the event store appends,
 * and every projection of the stream type queues its rows' change, all into the one unit of work.
 */
export class EventSourcedRepository<Command, State> {
  /** Streams this process committed lately (see RecentRows); a stale one collides at commit and is read again. */
  private readonly recent: RecentRows<LoadedStream<State>>;

  constructor(
    private readonly eventStore: EventStore,
    private readonly kind: StreamKind<Command, State>,
  ) {
    this.recent = new RecentRows(
      RECENT_ROWS_PER_TABLE,
      RECENT_BYTES_PER_TABLE,
      (stream) => (stream.state ? kind.sizeOf(stream.state) : 0),
      eventStore.cachedStateMaxAgeMs,
    );
  }

  /** A stream with no events yet (for a command that creates it). */
  empty(id: string): LoadedStream<State> {
    return { id, state: undefined, version: 0, rows: this.kind.projections.map(() => undefined) };
  }

  async load(batch: WriteBatch, id: string): Promise<LoadedStream<State>> {
    const cached = this.recent.get(id);
    if (cached) {
      batch.noteCachedRead(() => this.recent.delete(id));
      return cached;
    }
    let stream = this.empty(id);
    // An id PostgreSQL could not even compare (a NUL, say, sent on the CommandBus) names no stream.
    if (!isStorableText(id)) return stream;
    for await (const event of this.eventStore.history(id)) stream = this.fold(stream, event);
    return stream;
  }

  /**
   * Runs a command on stream `id`, loaded first unless it is a create: one under a fresh (random) id starts the
   * stream; an idempotent one (an id derived from its key) assumes so too on its unit's first attempt — a repeat then
   * collides on the stream's first version at commit, and the next attempt reads the stream. A create that decides
   * nothing is an idempotent repeat: it answers the stream as its first event left it, as the first did.
   */
  async run(batch: WriteBatch, id: string, command: Command, { create, freshId }: { create: boolean; freshId: boolean }): Promise<CommandOutcome<State>> {
    const stream = create && (freshId || batch.attempt === 1) ? this.empty(id) : await this.load(batch, id);
    const after = this.execute(batch, stream, command);
    if (!create || after !== stream) return { stream: after, changed: after !== stream, replayed: false };
    const created = (await this.eventStore.readStream(id, 0, 1)).reduce((folded, event) => this.fold(folded, event), this.empty(id));
    return { stream: created, changed: false, replayed: true };
  }

  /** Decides `command` on the stream and queues its events and projection writes; answers the stream after them. */
  execute(batch: WriteBatch, stream: LoadedStream<State>, command: Command): LoadedStream<State> {
    return this.executeAll(batch, [{ stream, command }])[0];
  }

  /**
   * Decides each command on its stream; the events of all of them go in one insert and each projection's rows in
   * one statement, so a cascade over many streams costs a constant number of statements. Answers each stream after.
   */
  executeAll(batch: WriteBatch, work: readonly { stream: LoadedStream<State>; command: Command }[]): LoadedStream<State>[] {
    const decided = work.map(({ stream, command }) => ({ stream, events: this.kind.decider.decide(command, stream.state) }));
    const changed = decided.filter(({ events }) => events.length > 0);
    if (changed.length === 0) return work.map(({ stream }) => stream);
    const recorded = this.eventStore.append(batch, this.kind.streamType, changed.map(({ stream, events }) => ({
      firstVersion: stream.version + 1,
      events,
      holdLastEvent: stream.state !== undefined && this.kind.mayBePurged?.(stream.state) === true,
    })));
    const afters = new Map<LoadedStream<State>, LoadedStream<State>>();
    changed.forEach(({ stream, events }, streamIndex) => {
      let after = stream;
      recorded[streamIndex].forEach((event, index) => {
        after = this.fold(after, event);
        batch.noteStateAfter(events[index], after.state);
      });
      afters.set(stream, after);
      const { id, state } = after;
      const kept = after;
      batch.onCommit(() => (state !== undefined && this.kind.keepRecent(state) ? this.recent.set(id, Object.freeze(kept)) : this.recent.delete(id)));
    });
    this.kind.projections.forEach((projection, index) => {
      const changes = changed
        .map(({ stream }) => ({ before: stream.rows[index], after: afters.get(stream)!.rows[index] }))
        .filter((change) => change.after !== undefined);
      for (const write of projection.store(changes)) batch.write(write.sql, write.params, write.rows);
    });
    return work.map(({ stream }) => afters.get(stream) ?? stream);
  }

  /** Several streams, each as load() gives it, the ones not cached read in one query. */
  async loadAll(batch: WriteBatch, ids: readonly string[]): Promise<LoadedStream<State>[]> {
    const missing = ids.filter((id) => !this.recent.get(id) && isStorableText(id));
    const read = missing.length > 0 ? await this.eventStore.readStreams(missing) : new Map<string, RecordedEvent[]>();
    return ids.map((id) => {
      const cached = this.recent.get(id);
      if (cached) {
        batch.noteCachedRead(() => this.recent.delete(id));
        return cached;
      }
      return (read.get(id) ?? []).reduce((stream, event) => this.fold(stream, event), this.empty(id));
    });
  }

  private fold(stream: LoadedStream<State>, event: RecordedEvent): LoadedStream<State> {
    return {
      id: stream.id,
      state: this.kind.decider.evolve(stream.state, event),
      version: event.version,
      rows: this.kind.projections.map((projection, index) => projection.evolve(stream.rows[index], event)),
    };
  }
}
