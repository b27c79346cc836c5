import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { RedeliverHandler } from './commands/redeliver/redeliver.handler';
import { DeliveriesController } from './deliveries.controller';
import { DestinationPolicy } from './destination/destination-policy';
import { DeliveryDispatcher } from './dispatch/delivery-dispatcher';
import { WebhookSender } from './http/webhook-sender';
import { CallbackOutbox } from './outbox/callback-outbox';
import { DispatchCompletedSubjectHandler } from './outbox/dispatch-completed-subject.handler';
import { DeliveryRepository } from './persistence/delivery.repository';
import { GetDeliveryHandler } from './queries/get-delivery/get-delivery.handler';
import { ListDeliveriesHandler } from './queries/list-deliveries/list-deliveries.handler';
import { ListSubjectDeliveriesHandler } from './queries/list-subject-deliveries/list-subject-deliveries.handler';

@Global()
@Module({
  imports: [HttpModule],
  controllers: [DeliveriesController],
  providers: [
    DestinationPolicy,
    CallbackOutbox,
    DeliveryRepository,
    WebhookSender,
    DeliveryDispatcher,
    DispatchCompletedSubjectHandler,
    RedeliverHandler,
    GetDeliveryHandler,
    ListDeliveriesHandler,
    ListSubjectDeliveriesHandler,
  ],
  exports: [DestinationPolicy, DeliveryDispatcher],
})
export class WebhooksModule {}
