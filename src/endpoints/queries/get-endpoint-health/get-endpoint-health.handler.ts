import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DeliveryCircuitsTable } from '../../../webhooks/persistence/delivery-circuits.table';
import { type EndpointHealth, DeliveryStatsRepository } from '../../../webhooks/persistence/delivery-stats.repository';
import { type EndpointRecord, EndpointsTable } from '../../persistence/endpoints.table';
import { GetEndpointHealthQuery } from './get-endpoint-health.query';

export interface EndpointHealthReport {
  endpoint: EndpointRecord;
  health: EndpointHealth;
  minutes: number;
  circuitOpenUntil: Date | null;
}

@QueryHandler(GetEndpointHealthQuery)
export class GetEndpointHealthHandler implements IQueryHandler<GetEndpointHealthQuery, EndpointHealthReport> {
  constructor(
    private readonly endpoints: EndpointsTable,
    private readonly stats: DeliveryStatsRepository,
    private readonly circuits: DeliveryCircuitsTable,
  ) {}

  async execute({ endpointId, minutes }: GetEndpointHealthQuery): Promise<EndpointHealthReport> {
    const endpoint = await this.endpoints.findById(endpointId);
    const health = await this.stats.endpointHealth(endpointId, new Date(Date.now() - minutes * 60_000));
    return { endpoint, health, minutes, circuitOpenUntil: await this.circuits.openUntil(endpointId) };
  }
}
