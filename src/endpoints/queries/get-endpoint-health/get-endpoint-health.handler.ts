import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type EndpointHealth, DeliveryStatsRepository } from '../../../webhooks/persistence/delivery-stats.repository';
import { type EndpointRecord, EndpointsTable } from '../../persistence/endpoints.table';
import { GetEndpointHealthQuery } from './get-endpoint-health.query';

export interface EndpointHealthReport {
  endpoint: EndpointRecord;
  health: EndpointHealth;
  minutes: number;
}

@QueryHandler(GetEndpointHealthQuery)
export class GetEndpointHealthHandler implements IQueryHandler<GetEndpointHealthQuery, EndpointHealthReport> {
  constructor(
    private readonly endpoints: EndpointsTable,
    private readonly stats: DeliveryStatsRepository,
  ) {}

  async execute({ endpointId, minutes }: GetEndpointHealthQuery): Promise<EndpointHealthReport> {
    const endpoint = await this.endpoints.findById(endpointId);
    const health = await this.stats.endpointHealth(endpointId, new Date(Date.now() - minutes * 60_000));
    return { endpoint, health, minutes };
  }
}
