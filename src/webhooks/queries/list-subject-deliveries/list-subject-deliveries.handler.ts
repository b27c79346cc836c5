import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityNotFoundError } from '../../../platform/domain/domain-error';
import { EventStore } from '../../../platform/event-store/event-store';
import type { DeliveryRecord } from '../../persistence/delivery.orm-entity';
import { DeliveriesTable } from '../../persistence/deliveries.table';
import { ListSubjectDeliveriesQuery } from './list-subject-deliveries.query';

@QueryHandler(ListSubjectDeliveriesQuery)
export class ListSubjectDeliveriesHandler implements IQueryHandler<ListSubjectDeliveriesQuery, DeliveryRecord[]> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly deliveries: DeliveriesTable,
  ) {}

  async execute({ kind, subjectId, page, checkSubject }: ListSubjectDeliveriesQuery): Promise<DeliveryRecord[]> {
    if (checkSubject && !(await this.eventStore.streamExists(kind, subjectId))) throw new EntityNotFoundError(kind, subjectId);
    return this.deliveries.list({ subject_id: subjectId, callbacksOnly: true, ...page });
  }
}
