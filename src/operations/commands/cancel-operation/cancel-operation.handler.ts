import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { OperationStreams } from '../../persistence/operation-streams';
import { type OperationRecord, OperationsTable } from '../../persistence/operations.table';
import { CancelOperationCommand } from './cancel-operation.command';

/** No further batch; the deliveries already asked for again go on (each has its own retry schedule). */
@CommandHandler(CancelOperationCommand)
export class CancelOperationHandler implements ICommandHandler<CancelOperationCommand, OperationRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly operations: OperationStreams,
    private readonly table: OperationsTable,
  ) {}

  /** Answers the operation as the primary holds it after the commit (a replica may not have the cancellation yet). */
  async execute({ operationId }: CancelOperationCommand): Promise<OperationRecord> {
    await this.unitOfWork.run((batch) => this.operations.run(batch, { type: 'cancel', operationId, now: new Date() }));
    return this.table.findCurrent(operationId);
  }
}
