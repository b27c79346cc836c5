import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { DestinationModule } from '../platform/destination/destination.module';
import { RunsModule } from '../runs/runs.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CreateEndpointHandler } from './commands/create-endpoint/create-endpoint.handler';
import { DeleteEndpointHandler } from './commands/delete-endpoint/delete-endpoint.handler';
import { RotateEndpointSecretHandler } from './commands/rotate-endpoint-secret/rotate-endpoint-secret.handler';
import { UpdateEndpointHandler } from './commands/update-endpoint/update-endpoint.handler';
import { EndpointsController } from './endpoints.controller';
import { SendTestEventHandler } from './commands/send-test-event/send-test-event.handler';
import { EndpointAutoDisable } from './health/endpoint-auto-disable';
import { DeletedEndpointDeliveries } from './deletion/deleted-endpoint-deliveries';
import { GetEndpointHealthHandler } from './queries/get-endpoint-health/get-endpoint-health.handler';
import { ListEndpointsHealthHandler } from './queries/list-endpoints-health/list-endpoints-health.handler';
import { EventTypesController } from './event-types.controller';
import { EndpointFanOut } from './fan-out/endpoint-fan-out';
import { WakeFanOutHandler } from './fan-out/wake-fan-out.handler';
import { EndpointCursorsTable } from './persistence/endpoint-cursors.table';
import { EndpointSecretsTable } from './persistence/endpoint-secrets.table';
import { EndpointStreams } from './persistence/endpoint-streams';
import { EndpointsTable } from './persistence/endpoints.table';
import { GetEndpointSecretHandler } from './queries/get-endpoint-secret/get-endpoint-secret.handler';
import { GetEndpointHandler } from './queries/get-endpoint/get-endpoint.handler';
import { ListEndpointsHandler } from './queries/list-endpoints/list-endpoints.handler';
import { ListEventTypesHandler } from './queries/list-event-types/list-event-types.handler';
import { EndpointSigningKeys } from './secrets/endpoint-signing-keys';
import { SecretSealer } from './secrets/secret-sealer';

/** Endpoints: receivers subscribed to event types, each with its own secrets, fed by a checkpointed fan-out of the log. */
@Module({
  imports: [WebhooksModule, JobsModule, RunsModule, DestinationModule],
  controllers: [EndpointsController, EventTypesController],
  providers: [
    EndpointStreams,
    EndpointsTable,
    EndpointSecretsTable,
    EndpointCursorsTable,
    SecretSealer,
    EndpointSigningKeys,
    EndpointFanOut,
    WakeFanOutHandler,
    CreateEndpointHandler,
    UpdateEndpointHandler,
    DeleteEndpointHandler,
    RotateEndpointSecretHandler,
    GetEndpointHandler,
    ListEndpointsHandler,
    GetEndpointSecretHandler,
    ListEventTypesHandler,
    GetEndpointHealthHandler,
    ListEndpointsHealthHandler,
    SendTestEventHandler,
    EndpointAutoDisable,
    DeletedEndpointDeliveries,
  ],
})
export class EndpointsModule {}
