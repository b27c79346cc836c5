export class GetStreamEventsQuery {
  constructor(
    readonly streamType: string,
    readonly streamId: string,
    /** Read a part of the stream: events after this version, at most `limit` of them. */
    readonly afterVersion = 0,
    readonly limit?: number,
  ) {}
}
