import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import { createdPositionOf, type CreatedPosition, type PageRequest } from '../database/keyset-page';
import { CREATED_CURSOR, type CursorFormat } from './page-cursor';

/** A part of the page to read: `limit` items after `after` (from the page's start without it). */
export interface Chunk<P> {
  after?: P;
  limit: number;
  /** The page's first read: where a list of one entity checks that the entity exists. */
  first: boolean;
}

/** How a list reads its items, answers each one, and names the place after an item. */
export interface PageSource<T, P> {
  read(chunk: Chunk<P>): Promise<T[]>;
  toJson(item: T): unknown;
  positionOf(item: T): P;
  cursor: CursorFormat<P>;
}

/** Rows read and serialised at a time: with 64 KiB of metadata each, ~1.6 MB of JSON. */
const CHUNK_SIZE = 25;
/** Chunked responses being written at once in this process; more wait their turn. Bounds their memory. */
const CONCURRENT_RESPONSES = 8;

/** A counting gate: at most `permits` holders at once, the rest wait in arrival order. */
class Gate {
  private readonly waiting: (() => void)[] = [];
  constructor(private permits: number) {}

  async enter(): Promise<void> {
    if (this.permits > 0) {
      this.permits--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.permits++;
  }
}

const gate = new Gate(CONCURRENT_RESPONSES);

/**
 * Answers a page `{"data": [...], "has_more": …, "next_cursor": …}`, reading and writing CHUNK_SIZE items at a time
 * and waiting for the client to take each chunk before reading the next: a page of 1,000 items of 64 KiB never
 * sits in memory at once. One item past the page is read, so `has_more` is exact; `next_cursor` names the page's
 * last item. Errors before the first byte (an unknown entity, say) reach the exception filter as usual.
 */
export async function sendPage<T, P>(reply: FastifyReply, page: PageRequest<P>, source: PageSource<T, P>): Promise<void> {
  await gate.enter();
  let response: ServerResponse | undefined;
  try {
    let wanted = Math.min(CHUNK_SIZE, page.limit + 1);
    let items = await source.read({ after: page.after, limit: wanted, first: true });
    // From here on this function writes the answer itself, chunk by chunk, on the raw response.
    reply.hijack();
    response = reply.raw;
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    let written = 0;
    let last: T | undefined;
    let hasMore = false;
    if (!(await write(response, '{"data":['))) return;
    for (;;) {
      const shown = items.slice(0, page.limit - written);
      hasMore = items.length > shown.length;
      const text = shown.map((item) => JSON.stringify(source.toJson(item))).join(',');
      if (shown.length > 0 && !(await write(response, `${written === 0 ? '' : ','}${text}`))) return;
      written += shown.length;
      last = shown[shown.length - 1] ?? last;
      if (hasMore || items.length < wanted) break;
      wanted = Math.min(CHUNK_SIZE, page.limit + 1 - written);
      items = await source.read({ after: source.positionOf(items[items.length - 1]), limit: wanted, first: false });
    }
    const next = hasMore && last !== undefined ? JSON.stringify(source.cursor.encode(source.positionOf(last))) : 'null';
    response.end(`],"has_more":${hasMore},"next_cursor":${next}}`);
  } catch (error) {
    if (!response) throw error;
    response.destroy(error as Error); // mid-page: the client sees a cut response, never a truncated valid one
  } finally {
    gate.leave();
  }
}

/** Writes, then waits until the socket took it (or the client went away: false). */
function write(response: ServerResponse, text: string): Promise<boolean> {
  if (response.write(text)) return Promise.resolve(!response.destroyed);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}

/** The source of a list in creation order: its cursor is the last item's (created_at, id). */
export function createdOrder<T extends { id: string; createdAt: Date }>(read: PageSource<T, CreatedPosition>['read'], toJson: (item: T) => unknown): PageSource<T, CreatedPosition> {
  return { read, toJson, positionOf: createdPositionOf, cursor: CREATED_CURSOR };
}
