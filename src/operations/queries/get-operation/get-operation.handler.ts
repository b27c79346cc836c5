import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type OperationRecord, OperationsTable } from '../../persistence/operations.table';
import { GetOperationQuery } from './get-operation.query';

@QueryHandler(GetOperationQuery)
export class GetOperationHandler implements IQueryHandler<GetOperationQuery, OperationRecord> {
  constructor(private readonly operations: OperationsTable) {}

  execute({ operationId }: GetOperationQuery): Promise<OperationRecord> {
    return this.operations.findById(operationId);
  }
}
