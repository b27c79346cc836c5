/** What every list of the API answers: one page, and where the next one starts. */
export interface Page<T> {
  data: T[];
  /** Send it back as `cursor` for the next page; null on the last one. Opaque: never build or read one. */
  next_cursor: string | null;
  has_more: boolean;
}

/**
 * A list read a page at a time as it is iterated: `for await (const job of client.jobs.list())` asks for the next
 * page only when the current one's items are used up, following `next_cursor` until `has_more` is false. Each page
 * is one request, retried like every GET. Iterating again starts again from the first page.
 */
export class PagedList<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  /** The first page alone; pass its `next_cursor` as `cursor` to the one-page method (e.g. `listJobs`) for the next. */
  firstPage(): Promise<Page<T>> {
    return this.fetchPage(undefined);
  }

  /** Page by page, for a caller that wants each page's boundary (e.g. to keep `next_cursor` and resume later). */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    for (let cursor: string | undefined; ; ) {
      const page = await this.fetchPage(cursor);
      yield page;
      if (!page.has_more || page.next_cursor === null) return;
      cursor = page.next_cursor;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** The items in order, at most `limit` of them (a list can be long: the bound is the caller's to choose). */
  async toArray({ limit }: { limit: number }): Promise<T[]> {
    const items: T[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
