import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';

/** Where the next chunk starts: after the item with this cursor (an id, a stream version …). */
export interface Chunk<C> {
  after?: C;
  limit: number;
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
 * Answers up to `page.limit` items (a page, or a whole stream) as one JSON array, reading and writing CHUNK_SIZE
 * rows at a time and waiting for the client to take each chunk before reading the next. A page of 1,000 items of
 * 64 KiB never sits in memory at once; the wire format is the plain array it always was. Errors before the
 * first byte (an unknown `after` or id, say) reach the exception filter as usual.
 */
export async function sendJsonArrayInChunks<T, C = string>(
  reply: FastifyReply,
  page: Chunk<C>,
  fetchChunk: (chunk: Chunk<C>) => Promise<T[]>,
  toJson: (item: T) => unknown,
  cursorOf: (item: T) => C = (item) => (item as { id: C }).id,
): Promise<void> {
  await gate.enter();
  let response: ServerResponse | undefined;
  try {
    let remaining = page.limit;
    let after = page.after;
    let items = await fetchChunk({ limit: Math.min(CHUNK_SIZE, remaining), after });
    // From here on this function writes the answer itself, chunk by chunk, on the raw response.
    reply.hijack();
    response = reply.raw;
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    let first = true;
    response.write('[');
    for (;;) {
      const text = items.map((item) => JSON.stringify(toJson(item))).join(',');
      if (items.length > 0 && !(await write(response, `${first ? '' : ','}${text}`))) return;
      first = first && items.length === 0;
      remaining -= items.length;
      if (items.length < CHUNK_SIZE || remaining === 0) break;
      after = cursorOf(items[items.length - 1]);
      items = await fetchChunk({ limit: Math.min(CHUNK_SIZE, remaining), after });
    }
    response.end(']');
  } catch (error) {
    if (!response) throw error;
    response.destroy(error as Error); // mid-array: the client sees a cut response, never a truncated valid one
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
