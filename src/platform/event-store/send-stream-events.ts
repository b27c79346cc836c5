import type { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { sendJsonArrayInChunks } from '../http/chunked-json-array';
import { GetStreamEventsQuery } from './queries/get-stream-events.query';
import { StoredEventResponse } from './stored-event.response.dto';
import type { StoredEventRecord } from './stored-event.orm-entity';

/** Answers a whole event stream as a JSON array, read a chunk at a time (a stream has no length limit). */
export function sendStreamEvents(reply: FastifyReply, queries: QueryBus, streamType: string, streamId: string): Promise<void> {
  return sendJsonArrayInChunks<StoredEventRecord, number>(
    reply,
    { after: 0, limit: Number.POSITIVE_INFINITY },
    ({ after, limit }) => queries.execute(new GetStreamEventsQuery(streamType, streamId, after, limit)),
    StoredEventResponse.from,
    (event) => event.version,
  );
}
