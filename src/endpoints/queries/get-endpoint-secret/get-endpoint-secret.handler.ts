import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityNotFoundError } from '../../../platform/domain/domain-error';
import { EndpointSecretsTable } from '../../persistence/endpoint-secrets.table';
import { EndpointsTable } from '../../persistence/endpoints.table';
import { SecretSealer } from '../../secrets/secret-sealer';
import { GetEndpointSecretQuery } from './get-endpoint-secret.query';

/**
 * Reveals the endpoint's current signing secret: the one answer that carries it. On the primary, as the secret is:
 * right after a rotation a replica would still reveal the secret being replaced.
 */
@QueryHandler(GetEndpointSecretQuery)
export class GetEndpointSecretHandler implements IQueryHandler<GetEndpointSecretQuery, string> {
  constructor(
    private readonly endpoints: EndpointsTable,
    private readonly secrets: EndpointSecretsTable,
    private readonly sealer: SecretSealer,
  ) {}

  async execute({ endpointId }: GetEndpointSecretQuery): Promise<string> {
    await this.endpoints.findCurrent(endpointId);
    const stored = await this.secrets.current(endpointId);
    if (!stored) throw new EntityNotFoundError('endpoint', endpointId);
    return this.sealer.open(stored.sealed);
  }
}
