export class GetRunQuery {
  constructor(readonly runId: string) {}
}
