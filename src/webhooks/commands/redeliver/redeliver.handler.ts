import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DeliveryDispatcher } from '../../dispatch/delivery-dispatcher';
import type { DeliveryRecord } from '../../persistence/delivery.orm-entity';
import { DeliveriesTable } from '../../persistence/deliveries.table';
import { DeliveryLeasesTable } from '../../persistence/delivery-leases.table';
import { DeliveryStreams } from '../../persistence/delivery-streams';
import { RedeliverCommand } from './redeliver.command';

/**
 * A new attempt now with the same webhook-id, whatever state the delivery is in; while an attempt is in flight,
 * right after it. Recorded as RedeliveryRequested on the delivery's stream (its row is put back if it was deleted).
 */
@CommandHandler(RedeliverCommand)
export class RedeliverHandler implements ICommandHandler<RedeliverCommand, DeliveryRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: DeliveryStreams,
    private readonly leases: DeliveryLeasesTable,
    private readonly deliveries: DeliveriesTable,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  async execute({ deliveryId }: RedeliverCommand): Promise<DeliveryRecord> {
    await this.unitOfWork.run(async (batch) => {
      const attemptInFlight = await this.leases.isHeld(deliveryId);
      await this.streams.redeliver(batch, { type: 'redeliver', deliveryId, attemptInFlight, now: new Date() });
    });
    const delivery = await this.deliveries.findCurrent(deliveryId);
    void this.dispatcher.dispatchCommitted({ deliveryId: delivery.id, destinationHost: delivery.destinationHost });
    return delivery;
  }
}
