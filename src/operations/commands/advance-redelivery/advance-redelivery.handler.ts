import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DeliveriesTable } from '../../../webhooks/persistence/deliveries.table';
import { DeliveryLeasesTable } from '../../../webhooks/persistence/delivery-leases.table';
import { DeliveryStreams } from '../../../webhooks/persistence/delivery-streams';
import { OperationStreams } from '../../persistence/operation-streams';
import { AdvanceRedeliveryCommand } from './advance-redelivery.command';

/**
 * One batch of a bulk redelivery, in one unit of work: the next matching deliveries after the operation's cursor
 * are asked for again (RedeliveryRequested on each, naming the operation) and the batch is recorded on the
 * operation's stream. Two replicas advancing one operation collide on its stream version; the loser decides again
 * from the new cursor (or finds the pace does not allow a batch yet), so no delivery is asked for twice by one
 * operation, and a crash between batches loses nothing (the cursor moved only with a batch that committed).
 * Answers whether a batch (or the finish) was recorded.
 */
@CommandHandler(AdvanceRedeliveryCommand)
export class AdvanceRedeliveryHandler implements ICommandHandler<AdvanceRedeliveryCommand, boolean> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly operations: OperationStreams,
    private readonly deliveries: DeliveriesTable,
    private readonly deliveryStreams: DeliveryStreams,
    private readonly leases: DeliveryLeasesTable,
  ) {}

  execute({ operationId, batchSize, intervalMs }: AdvanceRedeliveryCommand): Promise<boolean> {
    return this.unitOfWork.run(async (batch) => {
      const operation = await this.operations.load(batch, operationId);
      const state = operation.state;
      const now = new Date();
      if (state?.status !== 'running') return false;
      if (state.lastBatchAt !== null && now.getTime() - state.lastBatchAt.getTime() < intervalMs) return false;
      const ids = await this.deliveries.nextSelected(state.filter, state.createdAt, state.cursor, batchSize);
      if (ids.length === 0) {
        this.operations.execute(batch, operation, { type: 'finish', operationId, now });
        return true;
      }
      const inFlight = await this.leases.heldAmong(ids);
      await this.deliveryStreams.redeliverAll(batch, ids.map((deliveryId) => ({ type: 'redeliver', deliveryId, attemptInFlight: inFlight.has(deliveryId), now, operationId })));
      this.operations.execute(batch, operation, { type: 'recordBatch', operationId, deliveryIds: ids, now });
      return true;
    });
  }
}
