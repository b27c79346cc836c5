import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AdvanceRedeliveryHandler } from './commands/advance-redelivery/advance-redelivery.handler';
import { CancelOperationHandler } from './commands/cancel-operation/cancel-operation.handler';
import { StartRedeliveryHandler } from './commands/start-redelivery/start-redelivery.handler';
import { OperationsController } from './operations.controller';
import { OperationStreams } from './persistence/operation-streams';
import { OperationsTable } from './persistence/operations.table';
import { GetOperationHandler } from './queries/get-operation/get-operation.handler';
import { RedeliveryOperationRunner } from './redelivery-operation-runner';

/** Bulk operations over deliveries (today: redelivery), each an event-sourced aggregate run in paced batches. */
@Module({
  imports: [WebhooksModule],
  controllers: [OperationsController],
  providers: [
    OperationStreams,
    OperationsTable,
    StartRedeliveryHandler,
    CancelOperationHandler,
    AdvanceRedeliveryHandler,
    GetOperationHandler,
    RedeliveryOperationRunner,
  ],
})
export class OperationsModule {}
