export class CancelJobCommand {
  constructor(readonly jobId: string) {}
}
