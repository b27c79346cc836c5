import type { DeliveryFilter } from '../../persistence/deliveries.table';

export class ListDeliveriesQuery {
  constructor(readonly filter: DeliveryFilter) {}
}
