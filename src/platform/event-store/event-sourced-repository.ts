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
    this.recent = new RecentRows(RECENT_ROWS_PER_TABLE, RECENT_BYTES_PER_TABLE, (stream) => (stream.state ? kind.sizeOf(stream.state) : 0));
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
   * Runs a command on stream `id`, loaded first unless it is a create under a fresh (random) id. A create that
   * decides nothing is an idempotent repeat: it answers the stream as its first event left it, as the first did.
   */
  async run(batch: WriteBatch, id: string, command: Command, { create, freshId }: { create: boolean; freshId: boolean }): Promise<CommandOutcome<State>> {
    const stream = create && freshId ? this.empty(id) : await this.load(batch, id);
    const after = this.execute(batch, stream, command);
    if (!create || after !== stream) return { stream: after, changed: after !== stream, replayed: false };
    const created = (await this.eventStore.readStream(id, 0, 1)).reduce((folded, event) => this.fold(folded, event), this.empty(id));
    return { stream: created, changed: false, replayed: true };
  }

  /** Decides `command` on the stream and queues its events and projection writes; answers the stream after them. */
  execute(batch: WriteBatch, stream: LoadedStream<State>, command: Command): LoadedStream<State> {
    const events = this.kind.decider.decide(command, stream.state);
    if (events.length === 0) return stream;
    let after = stream;
    this.eventStore.append(batch, this.kind.streamType, stream.version + 1, events).forEach((event, index) => {
      after = this.fold(after, event);
      batch.noteStateAfter(events[index], after.state);
    });
    this.kind.projections.forEach((projection, index) => {
      const row = after.rows[index];
      if (row !== undefined) for (const write of projection.store([{ before: stream.rows[index], after: row }])) batch.write(write.sql, write.params, write.rows);
    });
    const { id, state } = after;
    batch.onCommit(() => (state !== undefined && this.kind.keepRecent(state) ? this.recent.set(id, Object.freeze(after)) : this.recent.delete(id)));
    return after;
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
