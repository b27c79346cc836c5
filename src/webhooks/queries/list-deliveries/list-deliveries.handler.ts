import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { DeliveryRecord } from '../../persistence/delivery.orm-entity';
import { DeliveriesTable } from '../../persistence/deliveries.table';
import { ListDeliveriesQuery } from './list-deliveries.query';

@QueryHandler(ListDeliveriesQuery)
export class ListDeliveriesHandler implements IQueryHandler<ListDeliveriesQuery, DeliveryRecord[]> {
  constructor(private readonly deliveries: DeliveriesTable) {}

  execute({ filter }: ListDeliveriesQuery): Promise<DeliveryRecord[]> {
    return this.deliveries.list(filter);
  }
}
