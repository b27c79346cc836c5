import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { EndpointSecretsTable } from '../../persistence/endpoint-secrets.table';
import { EndpointStreams } from '../../persistence/endpoint-streams';
import { assertEndpointSecret, generateEndpointSecret } from '../../secrets/endpoint-secret';
import { EndpointSigningKeys } from '../../secrets/endpoint-signing-keys';
import { SecretSealer } from '../../secrets/secret-sealer';
import { RotateEndpointSecretCommand } from './rotate-endpoint-secret.command';

/**
 * Starts signing with a new secret; the one it replaces keeps signing beside it (two `v1,` signatures) for
 * ENDPOINT_SECRET_OVERLAP, so a receiver can switch over without rejecting anything.
 */
@CommandHandler(RotateEndpointSecretCommand)
export class RotateEndpointSecretHandler implements ICommandHandler<RotateEndpointSecretCommand, { rotatedAt: Date; previousExpiresAt: Date }> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: EndpointStreams,
    private readonly sealer: SecretSealer,
    private readonly signingKeys: EndpointSigningKeys,
    private readonly config: AppConfig,
  ) {}

  async execute({ endpointId, secret }: RotateEndpointSecretCommand): Promise<{ rotatedAt: Date; previousExpiresAt: Date }> {
    if (secret !== undefined) assertEndpointSecret('secret', secret);
    const sealed = this.sealer.seal(secret ?? generateEndpointSecret());
    const secretId = `sec-${randomUUID()}`;
    const rotated = await this.unitOfWork.run(async (batch) => {
      const now = new Date();
      const previousExpiresAt = new Date(now.getTime() + this.config.endpointSecretOverlapMs);
      const { previousSecretId } = await this.streams.rotateSecret(batch, { type: 'rotateSecret', endpointId, secretId, previousExpiresAt, now });
      EndpointSecretsTable.expire(batch, endpointId, previousSecretId, previousExpiresAt, now);
      EndpointSecretsTable.insert(batch, endpointId, { secretId, sealed, createdAt: now });
      return { rotatedAt: now, previousExpiresAt };
    });
    this.signingKeys.forget(endpointId);
    return rotated;
  }
}
