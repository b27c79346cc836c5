import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { newId } from '../../../platform/domain/new-id';
import { idempotentId, requestDigest } from '../../../platform/http/idempotency-key';
import { DeliveriesTable } from '../../../webhooks/persistence/deliveries.table';
import type { OperationState } from '../../domain/operation-state';
import { OperationStreams } from '../../persistence/operation-streams';
import { StartRedeliveryCommand } from './start-redelivery.command';

/**
 * Counts what the filter matches (deliveries created until now) and starts the operation; its batches are asked
 * for by the RedeliveryOperationRunner, at the configured pace, from whichever replica gets there first.
 */
@CommandHandler(StartRedeliveryCommand)
export class StartRedeliveryHandler implements ICommandHandler<StartRedeliveryCommand, OperationState & { idempotentReplay?: boolean }> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly operations: OperationStreams,
    private readonly deliveries: DeliveriesTable,
  ) {}

  execute({ filter, idempotency }: StartRedeliveryCommand): Promise<OperationState & { idempotentReplay?: boolean }> {
    const operationId = idempotency ? idempotentId('op', idempotency, 'deliveries/redeliver') : newId('op');
    const digest = idempotency ? requestDigest(filter) : undefined;
    return this.unitOfWork.run(async (batch) => {
      const now = new Date();
      const matched = await this.deliveries.countSelected(filter, now);
      const { stream, replayed } = await this.operations.start(batch, { type: 'start', operationId, filter, matched, requestDigest: digest, now }, !idempotency);
      return replayed ? { ...stream.state!, idempotentReplay: true } : stream.state!;
    });
  }
}
