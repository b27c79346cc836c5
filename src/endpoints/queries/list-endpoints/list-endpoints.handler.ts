import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type EndpointRecord, EndpointsTable } from '../../persistence/endpoints.table';
import { ListEndpointsQuery } from './list-endpoints.query';

@QueryHandler(ListEndpointsQuery)
export class ListEndpointsHandler implements IQueryHandler<ListEndpointsQuery, EndpointRecord[]> {
  constructor(private readonly endpoints: EndpointsTable) {}

  execute({ page }: ListEndpointsQuery): Promise<EndpointRecord[]> {
    return this.endpoints.list(page);
  }
}
