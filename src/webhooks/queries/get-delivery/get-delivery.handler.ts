import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DeliveryAttemptRecord } from '../../persistence/delivery-attempt.orm-entity';
import type { DeliveryRecord } from '../../persistence/delivery.orm-entity';
import { DeliveryRepository } from '../../persistence/delivery.repository';
import { GetDeliveryQuery } from './get-delivery.query';

export interface DeliveryDetail {
  delivery: DeliveryRecord;
  attempts: DeliveryAttemptRecord[];
}

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler implements IQueryHandler<GetDeliveryQuery, DeliveryDetail> {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async execute({ deliveryId }: GetDeliveryQuery): Promise<DeliveryDetail> {
    const delivery = await this.deliveries.findById(deliveryId);
    return { delivery, attempts: await this.deliveries.attemptsOf(deliveryId) };
  }
}
