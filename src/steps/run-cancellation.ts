import { Injectable, OnModuleInit } from '@nestjs/common';
import type { WriteBatch } from '../platform/database/write-batch';
import type { UnitOfWorkSubscriber } from '../platform/database/unit-of-work-subscriber';
import { UnitOfWork } from '../platform/database/unit-of-work';
import type { DomainEvent } from '../platform/domain/domain-event';
import { RunCompletedEvent } from '../runs/events/run-completed.event';
import { StepRepository } from './persistence/step.repository';
import { StepsTable } from './persistence/steps.table';

/**
 * Cancelling a run cancels its pending steps, in the same unit of work: one StepCompleted (cancelled) each, so each
 * is notified like any finished step, and none can be finished afterwards. The steps table only names the
 * candidates; each step's stream decides. A step finishing concurrently collides with its cancellation on the step
 * stream's version, and a step added concurrently collides with the cancellation on the run's: the loser runs again
 * on the winner's state.
 */
@Injectable()
export class RunCancellation implements UnitOfWorkSubscriber, OnModuleInit {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly steps: StepRepository,
    private readonly table: StepsTable,
  ) {}

  onModuleInit(): void {
    this.unitOfWork.registerSubscriber(this);
  }

  async beforeCommit(batch: WriteBatch, events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      if (!(event instanceof RunCompletedEvent) || event.status !== 'cancelled') continue;
      await this.steps.cancelPending(batch, await this.table.pendingOf(event.runId), event.occurredAt);
    }
  }
}
