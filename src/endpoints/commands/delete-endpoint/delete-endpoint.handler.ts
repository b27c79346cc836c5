import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DeletedEndpointDeliveries } from '../../deletion/deleted-endpoint-deliveries';
import { EndpointSecretsTable } from '../../persistence/endpoint-secrets.table';
import { EndpointStreams } from '../../persistence/endpoint-streams';
import { EndpointSigningKeys } from '../../secrets/endpoint-signing-keys';
import { DeleteEndpointCommand } from './delete-endpoint.command';

/**
 * Ends the endpoint for good: it is not found afterwards, nothing more is sent to it, its secrets are destroyed,
 * and its unfinished deliveries are ended (abandoned) in the background, a batch at a time.
 */
@CommandHandler(DeleteEndpointCommand)
export class DeleteEndpointHandler implements ICommandHandler<DeleteEndpointCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: EndpointStreams,
    private readonly signingKeys: EndpointSigningKeys,
    private readonly deliveries: DeletedEndpointDeliveries,
  ) {}

  async execute({ endpointId }: DeleteEndpointCommand): Promise<void> {
    await this.unitOfWork.run(async (batch) => {
      await this.streams.run(batch, { type: 'delete', endpointId, now: new Date() });
      EndpointSecretsTable.removeAll(batch, endpointId);
    });
    this.signingKeys.forget(endpointId);
    this.deliveries.soon();
  }
}
