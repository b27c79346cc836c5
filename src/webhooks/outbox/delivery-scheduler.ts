import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WriteBatch } from '../../platform/database/write-batch';
import type { UnitOfWorkSubscriber } from '../../platform/database/unit-of-work-subscriber';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { newId } from '../../platform/domain/new-id';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import { AppConfig } from '../../platform/config/app-config';
import { deliveryLeaseMs, type CommittedDelivery } from '../dispatch/delivery-dispatcher';
import type { ScheduleDelivery } from '../domain/delivery-command';
import { DeliveryLeasesTable, type HeldLease } from '../persistence/delivery-leases.table';
import { DeliveryStreams } from '../persistence/delivery-streams';
import type { CompletedSubject } from './completion-delivery';

/** The unique constraint two units scheduling a delivery for one subject collide on. */
const ONE_DELIVERY_PER_SUBJECT = 'deliveries_one_per_subject';
import { DeliveryPolicy } from './delivery-policy';

/**
 * Schedules a delivery for every completion that must be notified, in the unit of work that completes the
 * subject: its DeliveryScheduled event, its rows and its lease (to this process, under a fresh token) exist if and
 * only if the completion committed. Nothing is handed to the dispatcher before the commit: the published
 * completion names its committed delivery and lease (`committedDeliveryOf`).
 */
@Injectable()
export class DeliveryScheduler implements UnitOfWorkSubscriber, OnModuleInit {
  private readonly logger = new Logger('Webhooks');
  /**
   * The delivery row written beside each completion event. The EventBus publishes an event only after its unit
   * committed, so the event instance identifies the row that committed, never a concurrent loser's.
   */
  private readonly deliveryOfEvent = new WeakMap<DomainEvent, CommittedDelivery>();
  readonly collisionConstraints = [ONE_DELIVERY_PER_SUBJECT];

  private readonly leaseMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: DeliveryPolicy,
    private readonly deliveries: DeliveryStreams,
    config: AppConfig,
  ) {
    this.leaseMs = deliveryLeaseMs(config);
  }

  onModuleInit(): void {
    this.unitOfWork.registerSubscriber(this);
  }

  /** The delivery row that committed with this (published, hence committed) completion event, if any. */
  committedDeliveryOf(event: DomainEvent): CommittedDelivery | undefined {
    return this.deliveryOfEvent.get(event);
  }

  async beforeCommit(batch: WriteBatch, events: readonly DomainEvent[]): Promise<void> {
    const scheduled: ScheduleDelivery[] = [];
    const leases: (HeldLease & { attempt: number; expiresAt: Date })[] = [];
    const now = new Date();
    for (const event of events) {
      const delivery = this.policy.forCompletion(event, batch.stateAfter(event) as CompletedSubject | undefined);
      if (!delivery) {
        if (event instanceof StepCompletedEvent) {
          this.logger.debug({ step_id: event.stepId }, 'step completed; STEP_COMPLETE_WEBHOOK is not set, so nothing is sent');
        }
        continue;
      }
      const id = newId('dlv');
      // Leased from the start, so the hand-off after commit needs no claim query; the dispatcher's slots are not
      // touched until then (with no room it gives the lease back).
      const token = randomUUID();
      const { completedAt, ...target } = delivery;
      const leased = { id, ...target, subjectCompletedAt: completedAt, attemptCount: 1, leaseToken: token, endpointId: null, retrySchedule: null, rateLimit: null };
      this.deliveryOfEvent.set(event, { deliveryId: id, destinationHost: delivery.destinationHost, leased });
      scheduled.push({ type: 'schedule', deliveryId: id, ...target, subjectCompletedAt: completedAt, now });
      leases.push({ deliveryId: id, token, attempt: 1, expiresAt: new Date(now.getTime() + this.leaseMs) });
    }
    // Two units completing one subject collide on the stream version, or on the delivery row first: either way
    // the loser re-runs (collisionConstraints), so a unit commits if and only if its delivery row does.
    this.deliveries.schedule(batch, scheduled);
    DeliveryLeasesTable.queue(batch, leases);
  }
}
