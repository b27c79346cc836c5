import type { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import type { PageRequest } from '../database/keyset-page';
import { VERSION_CURSOR } from '../http/page-cursor';
import { sendPage } from '../http/send-page';
import { GetStreamEventsQuery } from './queries/get-stream-events.query';
import { StoredEventResponse } from './stored-event.response.dto';
import type { StoredEventRecord } from './stored-event.orm-entity';

/** Answers a page of an entity's event stream, in version order (the cursor is the last version shown). */
export function sendStreamEvents(reply: FastifyReply, queries: QueryBus, streamType: string, streamId: string, page: PageRequest<number>): Promise<void> {
  return sendPage<StoredEventRecord, number>(reply, page, {
    read: ({ after, limit, first }) => queries.execute(new GetStreamEventsQuery(streamType, streamId, after ?? 0, limit, first)),
    toJson: StoredEventResponse.from,
    positionOf: (event) => event.version,
    cursor: VERSION_CURSOR,
  });
}
