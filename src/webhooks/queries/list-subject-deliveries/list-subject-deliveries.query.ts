import type { DeliveryKind } from '../../domain/delivery-kind';

export class ListSubjectDeliveriesQuery {
  constructor(
    readonly kind: DeliveryKind,
    readonly subjectId: string,
  ) {}
}
