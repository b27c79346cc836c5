import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type EndpointRecord, EndpointsTable } from '../../persistence/endpoints.table';
import { GetEndpointQuery } from './get-endpoint.query';

@QueryHandler(GetEndpointQuery)
export class GetEndpointHandler implements IQueryHandler<GetEndpointQuery, EndpointRecord> {
  constructor(private readonly endpoints: EndpointsTable) {}

  execute({ endpointId }: GetEndpointQuery): Promise<EndpointRecord> {
    return this.endpoints.findById(endpointId);
  }
}
