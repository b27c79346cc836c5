export class CancelRunCommand {
  constructor(readonly runId: string) {}
}
