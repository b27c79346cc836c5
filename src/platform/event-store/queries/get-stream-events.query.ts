export class GetStreamEventsQuery {
  constructor(
    readonly streamType: string,
    readonly streamId: string,
    /** Read a part of the stream: events after this version, at most `limit` of them. */
    readonly afterVersion = 0,
    readonly limit?: number,
    /** Refuse (404) a stream that does not exist or is of another type: a page's first read does. */
    readonly checkExists = true,
  ) {}
}
