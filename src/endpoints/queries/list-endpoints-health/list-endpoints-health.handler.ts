import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DeliveryCircuitsTable } from '../../../webhooks/persistence/delivery-circuits.table';
import { DeliveryStatsRepository } from '../../../webhooks/persistence/delivery-stats.repository';
import { EndpointsTable } from '../../persistence/endpoints.table';
import type { EndpointHealthReport } from '../get-endpoint-health/get-endpoint-health.handler';
import { ListEndpointsHealthQuery } from './list-endpoints-health.query';

/** A health report in the endpoints list's order (its id and creation time are the page's cursor). */
export type ListedEndpointHealth = EndpointHealthReport & { id: string; createdAt: Date };

/** The health of a page of endpoints — the same page as the list's — in three statements, whatever its size. */
@QueryHandler(ListEndpointsHealthQuery)
export class ListEndpointsHealthHandler implements IQueryHandler<ListEndpointsHealthQuery, ListedEndpointHealth[]> {
  constructor(
    private readonly endpoints: EndpointsTable,
    private readonly stats: DeliveryStatsRepository,
    private readonly circuits: DeliveryCircuitsTable,
  ) {}

  async execute({ page, minutes }: ListEndpointsHealthQuery): Promise<ListedEndpointHealth[]> {
    const endpoints = await this.endpoints.list(page);
    const ids = endpoints.map((endpoint) => endpoint.id);
    const [health, open] = await Promise.all([this.stats.endpointsHealth(ids, new Date(Date.now() - minutes * 60_000)), this.circuits.openUntilAll(ids)]);
    return endpoints.map((endpoint) => ({
      id: endpoint.id, createdAt: endpoint.createdAt, endpoint, health: health.get(endpoint.id)!, minutes, circuitOpenUntil: open.get(endpoint.id) ?? null,
    }));
  }
}
