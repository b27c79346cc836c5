export class ListRunStepsQuery {
  constructor(readonly runId: string) {}
}
