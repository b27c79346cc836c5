import { Injectable, Logger, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { HistoryPurgedError, InvalidInputError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import { DeliveryResponse } from '../delivery.response.dto';
import { DeliveriesTable } from '../persistence/deliveries.table';

const MAX_STREAMS = 32;
const POLL_MS = 250;
const BATCH = 100;
const HEARTBEAT_MS = 15_000;
const RETRY_AFTER_S = 2;

/**
 * Server-Sent Events of the delivery streams: every DeliveryScheduled, attempt outcome and RedeliveryRequested,
 * with the delivery as it is now. Read from the event feed (so every replica's deliveries appear, in order, none
 * skipped); the SSE id is the event's sequence, so a client resumes with Last-Event-ID. Without one the stream
 * starts at the feed's current end, announced by a `ready` event.
 */
@Injectable()
export class DeliveryEventStream implements OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly open = new Set<ServerResponse>();
  /** Streams being served or being set up: the cap counts these, from before the first await to the stream's end. */
  private taken = 0;

  constructor(
    private readonly eventStore: EventStore,
    private readonly deliveries: DeliveriesTable,
  ) {}

  /** Streams holding a slot now (tests wait on it to see every slot given back). */
  get slotsTaken(): number {
    return this.taken;
  }

  /** Shutdown ends every stream: an open one would hold the HTTP server's close. */
  onModuleDestroy(): void {
    for (const response of this.open) response.end();
  }

  async serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const resumeFrom = request.headers['last-event-id'];
    if (resumeFrom !== undefined && !/^\d{1,18}$/.test(String(resumeFrom))) {
      throw new InvalidInputError('last-event-id', 'Last-Event-ID must be the sequence of an event this stream sent');
    }
    // The slot is taken before the first await: checked and counted in one step, so streams opened at once cannot all pass the check.
    if (this.taken >= MAX_STREAMS) {
      reply.header('retry-after', String(RETRY_AFTER_S));
      throw new ServiceUnavailableException({ message: `at most ${MAX_STREAMS} live streams per process`, field: 'stream' });
    }
    this.taken++;
    try {
      await this.stream(request, reply, resumeFrom === undefined ? undefined : Number(resumeFrom));
    } finally {
      this.taken--;
    }
  }

  private async stream(request: FastifyRequest, reply: FastifyReply, resumeFrom: number | undefined): Promise<void> {
    // Resuming where retention purged since: answered 410 like the feed, while an answer can still say so.
    if (resumeFrom !== undefined) {
      const startsAfter = await this.eventStore.historyStartsAfter();
      if (BigInt(resumeFrom) < BigInt(startsAfter)) throw new HistoryPurgedError(startsAfter);
    }
    let after = resumeFrom ?? Number(await this.eventStore.safeHorizon());

    // The stream is written on the raw response from here on; refusals above still reach the exception filter.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' });
    this.open.add(response);
    let closed = false;
    const close = () => {
      closed = true;
      this.open.delete(response);
    };
    response.on('close', close);
    // A client that left while the horizon was read has closed already: its 'close' will not come again.
    if (response.destroyed || request.raw.destroyed) close();
    await this.write(response, `retry: 2000\nid: ${after}\nevent: ready\ndata: {"after":${after}}\n\n`);
    let lastWrite = Date.now();
    while (!closed && !response.writableEnded && !response.destroyed) {
      try {
        const events = await this.eventStore.feed({ after, limit: BATCH, streamType: 'delivery' });
        if (events.length > 0) {
          const rows = new Map((await this.deliveries.findByIds([...new Set(events.map((e) => e.streamId))])).map((row) => [row.id, row]));
          for (const event of events) {
            const row = rows.get(event.streamId);
            after = Number(event.sequence);
            if (!row || closed) continue;
            const data = { sequence: after, type: event.type, occurred_at: event.occurredAt.toISOString(), delivery: DeliveryResponse.from(row) };
            await this.write(response, `id: ${after}\nevent: delivery\ndata: ${JSON.stringify(data)}\n\n`);
          }
          lastWrite = Date.now();
          if (events.length === BATCH) continue;
        } else if (Date.now() - lastWrite > HEARTBEAT_MS) {
          await this.write(response, ': keep-alive\n\n');
          lastWrite = Date.now();
        }
      } catch (error) {
        if (error instanceof HistoryPurgedError) {
          // A quiet stream fell behind a purge: say so (the client refreshes what it shows) and go on live from there.
          await this.write(response, `id: ${error.historyStartsAfter}\nevent: history_purged\ndata: {"history_starts_after":"${error.historyStartsAfter}"}\n\n`);
          after = Number(error.historyStartsAfter);
          continue;
        }
        this.logger.warn(`live delivery stream: reading the feed failed (${String(error)}); trying again`);
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  }

  /** Writes a chunk and waits for the client to take it when the socket's buffer is full. */
  private async write(response: ServerResponse, chunk: string): Promise<void> {
    if (response.writableEnded || response.destroyed) return;
    if (!response.write(chunk)) await new Promise((done) => response.once('drain', done).once('close', done));
  }
}
