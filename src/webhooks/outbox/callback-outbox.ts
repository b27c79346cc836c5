import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Transaction } from '../../platform/database/transaction';
import type { TransactionalEventSubscriber } from '../../platform/database/transactional-event-subscriber';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { EventStore, type NewEvent } from '../../platform/event-store/event-store';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import { DeliveryDispatcher, type CommittedDelivery } from '../dispatch/delivery-dispatcher';
import { DeliveryEventType, type DeliveryScheduledData } from '../domain/delivery-events';
import { DeliveryPolicy } from './delivery-policy';

const COLUMNS_PER_ROW = 12;
const ONE_DELIVERY_PER_SUBJECT = 'deliveries_one_per_subject';

/**
 * Schedules a delivery for every completion that must be notified, in the unit of work that completes the
 * subject: its DeliveryScheduled event and its row exist if and only if the completion committed. When this
 * process has room the row is written already leased to it, so the hand-off after commit needs no claim query.
 */
@Injectable()
export class CallbackOutbox implements TransactionalEventSubscriber, OnModuleInit {
  private readonly logger = new Logger('Webhooks');
  /**
   * The delivery row written beside each completion event. The EventBus publishes an event only after its unit
   * committed, so the event instance identifies the row that committed, never a concurrent loser's.
   */
  private readonly deliveryOfEvent = new WeakMap<DomainEvent, CommittedDelivery>();
  readonly collisionConstraints = [ONE_DELIVERY_PER_SUBJECT];

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly policy: DeliveryPolicy,
    private readonly eventStore: EventStore,
  ) {}

  onModuleInit(): void {
    this.unitOfWork.registerSubscriber(this);
  }

  /** The delivery row that committed with this (published, hence committed) completion event, if any. */
  committedDeliveryOf(event: DomainEvent): CommittedDelivery | undefined {
    return this.deliveryOfEvent.get(event);
  }

  async beforeCommit(trx: Transaction, events: readonly DomainEvent[]): Promise<void> {
    const params: unknown[] = [];
    const rows: string[] = [];
    const scheduled: NewEvent[] = [];
    for (const event of events) {
      const delivery = this.policy.forCompletion(event);
      if (!delivery) {
        if (event instanceof StepCompletedEvent) {
          this.logger.debug({ step_id: event.stepId }, 'step completed; STEP_COMPLETE_WEBHOOK is not set, so nothing is sent');
        }
        continue;
      }
      const id = `dlv-${randomUUID()}`;
      const host = delivery.destinationHost;
      const { completedAt, ...target } = delivery;
      // One clock reading for the event and the row, so a rebuilt row is the same to the microsecond.
      const scheduledAt = new Date();
      const lease = this.dispatcher.reserve({ id, ...target, subjectCompletedAt: completedAt });
      if (lease) trx.onRollback(lease.cancel);
      this.deliveryOfEvent.set(event, { deliveryId: id, kind: delivery.kind, subjectId: delivery.subjectId, destinationHost: host });
      params.push(
        id, delivery.kind, delivery.subjectId, delivery.url, host, delivery.payload, delivery.completedAt,
        lease ? 'delivering' : 'pending', lease ? 1 : 0, lease?.token ?? null, lease?.leaseMs ?? 0, scheduledAt,
      );
      const p = rows.length * COLUMNS_PER_ROW;
      rows.push(
        `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 8}, $${p + 9}, $${p + 10}::uuid,
          $${p + 12}::timestamptz + $${p + 11} * interval '1 millisecond', $${p + 7}::timestamptz, $${p + 12}, $${p + 12})`,
      );
      const data: DeliveryScheduledData = {
        delivery_id: id, kind: delivery.kind, subject_id: delivery.subjectId, url: delivery.url, destination_host: host,
        payload: delivery.payload, subject_completed_at: completedAt.toISOString(),
      };
      scheduled.push({ streamId: id, streamType: 'delivery', version: 1, type: DeliveryEventType.scheduled, data: { ...data }, occurredAt: scheduledAt });
    }
    if (rows.length === 0) return;
    this.eventStore.appendNew(trx, scheduled);
    // Two units completing one subject collide on the stream version, or here first: either way the loser
    // re-runs (collisionConstraints), so a unit commits if and only if its delivery row does.
    trx.write(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, lease_token,
                               next_attempt_at, subject_completed_at, created_at, updated_at)
       VALUES ${rows.join(', ')}`,
      params,
    );
  }
}
