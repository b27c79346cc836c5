import { Injectable, OnModuleInit } from '@nestjs/common';
import type { WriteBatch } from '../platform/database/write-batch';
import type { TransactionalEventSubscriber } from '../platform/database/transactional-event-subscriber';
import { UnitOfWork } from '../platform/database/unit-of-work';
import type { DomainEvent } from '../platform/domain/domain-event';
import { RunCompletedEvent } from '../runs/events/run-completed.event';
import { RunRepository } from '../runs/persistence/run.repository';
import { StepRepository } from './persistence/step.repository';

/**
 * Cancelling a run cancels its pending steps, in the same unit of work: one StepCompleted (cancelled) each, so each
 * is notified like any finished step, and none can be finished afterwards. A step finishing concurrently collides
 * with its cancellation on the step stream's version, and the loser runs again on the winner's state.
 */
@Injectable()
export class RunCancellation implements TransactionalEventSubscriber, OnModuleInit {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly runs: RunRepository,
    private readonly steps: StepRepository,
  ) {}

  onModuleInit(): void {
    this.unitOfWork.registerSubscriber(this);
  }

  async beforeCommit(batch: WriteBatch, events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      if (!(event instanceof RunCompletedEvent) || event.status !== 'cancelled') continue;
      const run = await this.runs.stateOf(batch, event.runId);
      for (const stepId of run?.stepIds ?? []) await this.steps.cancelIfPending(batch, stepId, event.occurredAt);
    }
  }
}
