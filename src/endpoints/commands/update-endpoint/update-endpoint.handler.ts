import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import type { EndpointState } from '../../domain/endpoint-state';
import { EndpointFanOut } from '../../fan-out/endpoint-fan-out';
import { EndpointStreams } from '../../persistence/endpoint-streams';
import { UpdateEndpointCommand } from './update-endpoint.command';

@CommandHandler(UpdateEndpointCommand)
export class UpdateEndpointHandler implements ICommandHandler<UpdateEndpointCommand, EndpointState> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: EndpointStreams,
    private readonly destinations: DestinationPolicy,
    private readonly fanOut: EndpointFanOut,
  ) {}

  async execute({ endpointId, request }: UpdateEndpointCommand): Promise<EndpointState> {
    if (request.url !== undefined) this.destinations.assertAcceptableCallbackUrl('url', request.url);
    const { url, description, event_types: eventTypes, enabled, rate_limit: rateLimit, retry_schedule: retrySchedule, metadata } = request;
    const { stream, changed } = await this.unitOfWork.run((batch) =>
      this.streams.run(batch, { type: 'update', endpointId, url, description, eventTypes, enabled, rateLimit, retrySchedule, metadata, now: new Date() }),
    );
    if (changed && stream.state!.enabled) this.fanOut.endpointsChanged();
    return stream.state!;
  }
}
