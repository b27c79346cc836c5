import { Injectable } from '@nestjs/common';
import type { WriteBatch } from '../../platform/database/write-batch';
import { metadataBytes } from '../../platform/domain/metadata';
import { EventSourcedRepository } from '../../platform/event-store/event-sourced-repository';
import { EventStore } from '../../platform/event-store/event-store';
import type { StepCommand } from '../domain/step-command';
import { STEP_DECIDER } from '../domain/step-decider';
import type { StepState } from '../domain/step-state';
import { StepProjection } from './step.projection';
import type { StepRecord } from './step.orm-entity';
import { type StepRow, StepsTable } from './steps.table';

/** Runs step commands: the step's stream decides (replayed, or as this process last committed it), the steps projection follows. */
@Injectable()
export class StepRepository {
  private readonly streams: EventSourcedRepository<StepCommand, StepState>;

  constructor(eventStore: EventStore) {
    this.streams = new EventSourcedRepository(eventStore, {
      streamType: 'step',
      decider: STEP_DECIDER,
      projections: [new StepProjection()],
      keepRecent: (state) => state.status === 'pending', // completing it is the one command still to come
      sizeOf: (state) => metadataBytes(state.metadata),
      mayBePurged: (state) => state.status !== 'pending',
    });
  }

  /** Queues the command's events and row into the unit of work; answers the step as it is after them. */
  async execute(batch: WriteBatch, command: StepCommand): Promise<StepRecord> {
    const options = { create: command.type === 'create', freshId: command.type !== 'create' || command.requestDigest === undefined };
    const { stream, replayed } = await this.streams.run(batch, command.stepId, command, options);
    const record = StepsTable.recordOf(stream.rows[0] as StepRow);
    return replayed ? Object.assign(record, { idempotentReplay: true }) : record;
  }

  /**
   * Cancels those of the steps that their streams say are still pending (their run was cancelled); a finished step
   * keeps its outcome. All their events and rows go in a constant number of statements, however many there are.
   */
  async cancelPending(batch: WriteBatch, stepIds: readonly string[], now: Date): Promise<void> {
    const streams = await this.streams.loadAll(batch, stepIds);
    const pending = streams.filter((stream) => stream.state?.status === 'pending');
    this.streams.executeAll(batch, pending.map((stream) => ({ stream, command: { type: 'complete', stepId: stream.id, status: 'cancelled', error: undefined, now } })));
  }

  /** Whether the step exists already (an idempotent create's repeat must not add it to its run again). */
  async exists(batch: WriteBatch, stepId: string): Promise<boolean> {
    return (await this.streams.load(batch, stepId)).state !== undefined;
  }
}
