export class CancelOperationCommand {
  constructor(readonly operationId: string) {}
}
