import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { OperationStreams } from '../../persistence/operation-streams';
import { CancelOperationCommand } from './cancel-operation.command';

/** No further batch; the deliveries already asked for again go on (each has its own retry schedule). */
@CommandHandler(CancelOperationCommand)
export class CancelOperationHandler implements ICommandHandler<CancelOperationCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly operations: OperationStreams,
  ) {}

  async execute({ operationId }: CancelOperationCommand): Promise<void> {
    await this.unitOfWork.run((batch) => this.operations.run(batch, { type: 'cancel', operationId, now: new Date() }));
  }
}
