import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DeliveryDispatcher } from '../../dispatch/delivery-dispatcher';
import type { DeliveryRecord } from '../../persistence/delivery.orm-entity';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { RedeliverCommand } from './redeliver.command';

/** A new attempt now with the same webhook-id, whatever state the delivery is in (right after one in flight). */
@CommandHandler(RedeliverCommand)
export class RedeliverHandler implements ICommandHandler<RedeliverCommand, DeliveryRecord> {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  async execute({ deliveryId }: RedeliverCommand): Promise<DeliveryRecord> {
    const delivery = await this.deliveries.scheduleRedelivery(deliveryId);
    void this.dispatcher.dispatchCommitted({ deliveryId: delivery.id, destinationHost: delivery.destinationHost });
    return delivery;
  }
}
