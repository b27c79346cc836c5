import type { WriteBatch } from '../platform/database/write-batch';
import type { Decider } from '../platform/domain/decider';
import { metadataBytes } from '../platform/domain/metadata';
import { EventSourcedRepository } from '../platform/event-store/event-sourced-repository';
import type { EventStore } from '../platform/event-store/event-store';
import { LifecycleProjection } from './lifecycle.projection';
import type { LifecycleRecord } from './lifecycle-record';
import type { LifecycleState } from './lifecycle-state';
import { type LifecycleRow, type LifecycleTable, NO_CALLBACK_YET } from './lifecycle-table';

/** Runs a job's or run's commands: its stream decides (replayed, or as this process last committed it), its table follows. */
type AnyCommand = { type: string; id: string; requestDigest?: string };

export abstract class LifecycleRepository<Command extends AnyCommand, State extends LifecycleState, R extends LifecycleRecord> {
  private readonly streams: EventSourcedRepository<Command, State>;

  protected constructor(
    eventStore: EventStore,
    streamType: string,
    decider: Decider<Command, State> & { isTerminal(state: State): boolean },
    private readonly table: LifecycleTable<R>,
  ) {
    this.streams = new EventSourcedRepository(eventStore, {
      streamType,
      decider,
      projections: [new LifecycleProjection(streamType, decider as Decider<unknown, State>, table)],
      // A terminal one takes no more changes; its callback outcome is read from the table.
      keepRecent: (state) => !decider.isTerminal(state),
      sizeOf: (state) => metadataBytes(state.metadata),
    });
  }

  protected load(batch: WriteBatch, id: string) {
    return this.streams.load(batch, id);
  }

  /** Queues the command's events and row into the unit of work; answers the entity as it is after them. */
  async execute(batch: WriteBatch, command: Command): Promise<R> {
    const isCreate = command.type === 'create';
    // A create with a random id starts a stream; an idempotent one names the stream a first request may have made.
    const stream = isCreate && command.requestDigest === undefined ? this.streams.empty(command.id) : await this.streams.load(batch, command.id);
    const after = this.streams.execute(batch, stream, command);
    if (isCreate && after === stream) {
      const created = await this.streams.asCreated(command.id);
      return Object.assign(this.table.recordOf(created.rows[0] as LifecycleRow, NO_CALLBACK_YET), { idempotentReplay: true });
    }
    const row = after.rows[0] as LifecycleRow;
    // A change is only ever to one not yet delivered (a terminal one refuses changes): no callback outcome yet.
    if (after !== stream) return this.table.recordOf(row, NO_CALLBACK_YET);
    return this.table.recordOf(row, (await this.table.findRow(command.id)) ?? NO_CALLBACK_YET);
  }
}
