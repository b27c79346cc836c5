import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import { DeliveriesTable } from '../../../webhooks/persistence/deliveries.table';
import { DeliveryCircuitsTable } from '../../../webhooks/persistence/delivery-circuits.table';
import { DeliveryLeasesTable } from '../../../webhooks/persistence/delivery-leases.table';
import { DeliveryStreams } from '../../../webhooks/persistence/delivery-streams';
import type { EndpointState } from '../../domain/endpoint-state';
import { EndpointFanOut } from '../../fan-out/endpoint-fan-out';
import { EndpointStreams } from '../../persistence/endpoint-streams';
import { UpdateEndpointCommand } from './update-endpoint.command';

/** An endpoint's deliveries repointed in one unit with its new URL, at most; the rest keep theirs. */
const MAX_REPOINTED = 5000;

/**
 * Changes the fields given. A new URL is where the endpoint's waiting deliveries (pending, retrying) go too — each a
 * DeliveryRedirected, in the same commit, due now — and its circuit starts closed: an owner fixing a broken URL
 * should not wait behind the old URL's failures.
 */
@CommandHandler(UpdateEndpointCommand)
export class UpdateEndpointHandler implements ICommandHandler<UpdateEndpointCommand, EndpointState> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: EndpointStreams,
    private readonly destinations: DestinationPolicy,
    private readonly fanOut: EndpointFanOut,
    private readonly deliveries: DeliveriesTable,
    private readonly deliveryStreams: DeliveryStreams,
    private readonly leases: DeliveryLeasesTable,
    private readonly circuits: DeliveryCircuitsTable,
  ) {}

  async execute({ endpointId, request }: UpdateEndpointCommand): Promise<EndpointState> {
    if (request.url !== undefined) this.destinations.assertAcceptableCallbackUrl('url', request.url);
    const { url, description, event_types: eventTypes, enabled, rate_limit: rateLimit, retry_schedule: retrySchedule, metadata } = request;
    const { before, after, changed } = await this.unitOfWork.run(async (batch) => {
      const now = new Date();
      const update = await this.streams.update(batch, { type: 'update', endpointId, url, description, eventTypes, enabled, rateLimit, retrySchedule, metadata, now });
      if (update.after.url !== update.before.url) await this.repoint(batch, endpointId, update.after, now);
      return update;
    });
    if (after.url !== before.url) {
      // A fan-out that read the old URL may have committed just before this did: repoint what it scheduled too.
      await this.unitOfWork.run((batch) => this.repoint(batch, endpointId, after, new Date()));
      await this.circuits.reset(endpointId);
    }
    if (changed && after.enabled) this.fanOut.endpointsChanged();
    return after;
  }

  private async repoint(batch: Parameters<DeliveryStreams['redirectAll']>[0], endpointId: string, endpoint: EndpointState, now: Date): Promise<void> {
    const ids = await this.deliveries.waitingOfEndpoint(endpointId, endpoint.url, MAX_REPOINTED);
    const inFlight = await this.leases.heldAmong(ids);
    await this.deliveryStreams.redirectAll(batch, ids.map((deliveryId) => ({
      type: 'redirect', deliveryId, url: endpoint.url, destinationHost: endpoint.destinationHost, attemptInFlight: inFlight.has(deliveryId), now,
    })));
  }
}
