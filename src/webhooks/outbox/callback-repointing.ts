import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobCallbackUrlChangedEvent } from '../../jobs/events/job-callback-url-changed.event';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import type { UnitOfWorkSubscriber } from '../../platform/database/unit-of-work-subscriber';
import type { WriteBatch } from '../../platform/database/write-batch';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { DomainError } from '../../platform/domain/domain-error';
import { RunCallbackUrlChangedEvent } from '../../runs/events/run-callback-url-changed.event';
import type { CommittedDelivery } from '../dispatch/delivery-dispatcher';
import type { DeliveryKind } from '../domain/delivery-kind';
import { DeliveriesTable } from '../persistence/deliveries.table';
import { DeliveryLeasesTable } from '../persistence/delivery-leases.table';
import { DeliveryStreams } from '../persistence/delivery-streams';

export type CallbackUrlChange = JobCallbackUrlChangedEvent | RunCallbackUrlChangedEvent;

/**
 * A job's or run's callback re-pointed (PATCH callback_url): in the same unit of work, its delivery, if its
 * completion scheduled one, goes to the new URL under the same webhook-id and body, due now — refused (409) once it
 * was delivered. A finished subject without a delivery had no callback to re-point. Before completion nothing
 * else is needed: the completion reads the URL from the subject's stream.
 */
@Injectable()
export class CallbackRepointing implements UnitOfWorkSubscriber, OnModuleInit {
  /** The delivery each (published, hence committed) change re-pointed, for the dispatcher to take up. */
  private readonly deliveryOfEvent = new WeakMap<DomainEvent, CommittedDelivery>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: DeliveryStreams,
    private readonly deliveries: DeliveriesTable,
    private readonly leases: DeliveryLeasesTable,
  ) {}

  onModuleInit(): void {
    this.unitOfWork.registerSubscriber(this);
  }

  committedDeliveryOf(event: DomainEvent): CommittedDelivery | undefined {
    return this.deliveryOfEvent.get(event);
  }

  async beforeCommit(batch: WriteBatch, events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      if (!(event instanceof JobCallbackUrlChangedEvent || event instanceof RunCallbackUrlChangedEvent)) continue;
      const kind: DeliveryKind = event instanceof JobCallbackUrlChangedEvent ? 'job' : 'run';
      const deliveryId = await this.deliveries.idOf(kind, event.streamId);
      if (deliveryId === undefined) {
        const subject = batch.stateAfter(event) as { completedAt?: Date | null } | undefined;
        if (subject?.completedAt) {
          throw new DomainError('conflict', `${kind} ${event.streamId} finished without a callback_url: there is no callback to re-point`, 'callback_url');
        }
        continue;
      }
      const destinationHost = new URL(event.callbackUrl).host;
      const attemptInFlight = await this.leases.isHeld(deliveryId);
      await this.streams.redirect(batch, { type: 'redirect', deliveryId, url: event.callbackUrl, destinationHost, attemptInFlight, now: event.occurredAt });
      this.deliveryOfEvent.set(event, { deliveryId, destinationHost });
    }
  }
}
