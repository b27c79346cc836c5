import type { DeliveryFilter } from '../../persistence/delivery.repository';

export class ListDeliveriesQuery {
  constructor(readonly filter: DeliveryFilter) {}
}
