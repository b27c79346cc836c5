import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MetricsModule } from '../platform/metrics/metrics.module';
import { RedeliverHandler } from './commands/redeliver/redeliver.handler';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryDispatcher } from './dispatch/delivery-dispatcher';
import { DeliveryQueue } from './dispatch/delivery-queue';
import { WebhookSender } from './http/webhook-sender';
import { DeliveryHealthIndicator } from './observability/delivery-health.indicator';
import { DeliveryMetrics } from './observability/delivery-metrics';
import { DeliveryScheduler } from './outbox/delivery-scheduler';
import { DeliveryPolicy } from './outbox/delivery-policy';
import { CallbackRepointing } from './outbox/callback-repointing';
import { DispatchCompletedSubjectHandler } from './outbox/dispatch-completed-subject.handler';
import { DispatchRepointedDeliveryHandler } from './outbox/dispatch-repointed-delivery.handler';
import { DeliveryEventStream } from './live/delivery-event-stream';
import { DeliveryStatsRepository } from './persistence/delivery-stats.repository';
import { DeliveryCircuits } from './persistence/delivery-circuits';
import { DeliveryCircuitsTable } from './persistence/delivery-circuits.table';
import { DeliveryLeasesTable } from './persistence/delivery-leases.table';
import { DeliveryRateWindowsTable } from './persistence/delivery-rate-windows.table';
import { DeliveryStreams } from './persistence/delivery-streams';
import { PostgresDeliveryQueue } from './persistence/postgres-delivery-queue';
import { DeliveriesTable } from './persistence/deliveries.table';
import { ResponseBodiesTable } from './persistence/response-bodies.table';
import { GetDeliveryStatsHandler } from './queries/get-delivery-stats/get-delivery-stats.handler';
import { GetDeliveryHandler } from './queries/get-delivery/get-delivery.handler';
import { ListDeliveriesHandler } from './queries/list-deliveries/list-deliveries.handler';
import { ListSubjectDeliveriesHandler } from './queries/list-subject-deliveries/list-subject-deliveries.handler';

@Module({
  imports: [HttpModule, TerminusModule, MetricsModule],
  controllers: [DeliveriesController],
  providers: [
    DeliveryPolicy,
    DeliveryScheduler,
    DeliveryStreams,
    DeliveryLeasesTable,
    DeliveryRateWindowsTable,
    DeliveryCircuitsTable,
    DeliveryCircuits,
    DeliveriesTable,
    ResponseBodiesTable,
    { provide: DeliveryQueue, useClass: PostgresDeliveryQueue },
    DeliveryStatsRepository,
    DeliveryEventStream,
    WebhookSender,
    DeliveryDispatcher,
    DeliveryMetrics,
    DeliveryHealthIndicator,
    DispatchCompletedSubjectHandler,
    CallbackRepointing,
    DispatchRepointedDeliveryHandler,
    RedeliverHandler,
    GetDeliveryHandler,
    GetDeliveryStatsHandler,
    ListDeliveriesHandler,
    ListSubjectDeliveriesHandler,
  ],
  exports: [DeliveryHealthIndicator, DeliveriesTable, ResponseBodiesTable, DeliveryStreams, DeliveryLeasesTable, DeliveryDispatcher, DeliveryPolicy, DeliveryStatsRepository, WebhookSender, DeliveryCircuitsTable],
})
export class WebhooksModule {}
