export class GetOperationQuery {
  constructor(readonly operationId: string) {}
}
