export class ListRunStepsQuery {
  constructor(
    readonly runId: string,
    /** A part of the list: steps after this one, at most `limit` of them. */
    readonly after: string | undefined,
    readonly limit: number,
  ) {}
}
