/** Ask for the operation's next batch if its pace allows one now (sent by the runner, on any replica). */
export class AdvanceRedeliveryCommand {
  constructor(
    readonly operationId: string,
    /** Deliveries per batch. */
    readonly batchSize: number,
    /** The least time between two batches of one operation. */
    readonly intervalMs: number,
  ) {}
}
