import type { WriteBatch } from '../platform/database/write-batch';
import type { Decider } from '../platform/domain/decider';
import { metadataBytes } from '../platform/domain/metadata';
import { EventSourcedRepository } from '../platform/event-store/event-sourced-repository';
import type { EventStore } from '../platform/event-store/event-store';
import { LifecycleProjection } from './lifecycle.projection';
import type { LifecycleRecord } from './lifecycle-record';
import type { LifecycleState } from './lifecycle-state';
import { type LifecycleRow, type LifecycleTable, NO_CALLBACK_YET } from './lifecycle-table';

type AnyCommand = { type: string; id: string; requestDigest?: string; now?: Date };

/** Runs a job's or run's commands: its stream decides (replayed, or as this process last committed it), its table follows. */
export abstract class LifecycleRepository<Command extends AnyCommand, State extends LifecycleState, R extends LifecycleRecord> {
  private readonly streams: EventSourcedRepository<Command, State>;
  private readonly isTerminal: (state: State) => boolean;

  protected constructor(
    eventStore: EventStore,
    streamType: string,
    decider: Decider<Command, State> & { isTerminal(state: State): boolean },
    private readonly table: LifecycleTable<R>,
  ) {
    this.isTerminal = (state) => decider.isTerminal(state);
    this.streams = new EventSourcedRepository(eventStore, {
      streamType,
      decider,
      projections: [new LifecycleProjection(streamType, decider as Decider<unknown, State>, table)],
      // A terminal one takes no more changes; its callback outcome is read from the table.
      keepRecent: (state) => !decider.isTerminal(state),
      sizeOf: (state) => metadataBytes(state.metadata),
      mayBePurged: (state) => decider.isTerminal(state),
    });
  }

  /** Queues the command's events and row into the unit of work; answers the entity as it is after them. */
  async execute(batch: WriteBatch, command: Command): Promise<R> {
    // An idempotent create names the stream a first request may have made; others start one under a random id.
    const options = { create: command.type === 'create', freshId: command.requestDigest === undefined };
    const { stream, changed, replayed } = await this.streams.run(batch, command.id, command, options);
    // A change up to and including the completion has no callback outcome yet, nor had a create's first answer
    // (no read: this is every completion's path). A no-op, or a re-pointed callback of one finished earlier,
    // answers the outcome the table holds.
    const state = stream.state;
    const noOutcomeYet = changed && state !== undefined && (!this.isTerminal(state) || state.completedAt?.getTime() === command.now?.getTime());
    const callback = noOutcomeYet || replayed ? NO_CALLBACK_YET : ((await this.table.findRow(command.id)) ?? NO_CALLBACK_YET);
    const record = this.table.recordOf(stream.rows[0] as LifecycleRow, callback);
    return replayed ? Object.assign(record, { idempotentReplay: true }) : record;
  }
}
