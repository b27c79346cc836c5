import { Injectable } from '@nestjs/common';
import type { WriteBatch } from '../../platform/database/write-batch';
import { EventSourcedRepository, type LoadedStream } from '../../platform/event-store/event-sourced-repository';
import { EventStore } from '../../platform/event-store/event-store';
import type { OperationCommand } from '../domain/operation-command';
import { OPERATION_DECIDER } from '../domain/operation-decider';
import type { OperationState } from '../domain/operation-state';
import { OperationProjection } from './operation.projection';

/** The operations' streams: each command decided on the stream's state, its events appended and its row projected, in the caller's unit of work. */
@Injectable()
export class OperationStreams {
  private readonly streams: EventSourcedRepository<OperationCommand, OperationState>;

  constructor(eventStore: EventStore) {
    this.streams = new EventSourcedRepository(eventStore, {
      streamType: 'operation',
      decider: OPERATION_DECIDER,
      projections: [new OperationProjection()],
      // A running operation's next batch comes within a second.
      keepRecent: (state) => state.status === 'running',
      sizeOf: (state) => JSON.stringify(state.filter).length * 2 + 400,
    });
  }

  load(batch: WriteBatch, id: string): Promise<LoadedStream<OperationState>> {
    return this.streams.load(batch, id);
  }

  execute(batch: WriteBatch, stream: LoadedStream<OperationState>, command: OperationCommand): LoadedStream<OperationState> {
    return this.streams.execute(batch, stream, command);
  }

  /** A start under a fresh id, or (Idempotency-Key) an id derived from the key: a repeat answers the first. */
  start(batch: WriteBatch, command: OperationCommand & { type: 'start' }, freshId: boolean) {
    return this.streams.run(batch, command.operationId, command, { create: true, freshId });
  }

  async run(batch: WriteBatch, command: OperationCommand): Promise<LoadedStream<OperationState>> {
    return (await this.streams.run(batch, command.operationId, command, { create: false, freshId: false })).stream;
  }
}
