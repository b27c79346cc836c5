import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../event-store';
import type { StoredEventRecord } from '../stored-event.orm-entity';
import { GetEventFeedQuery } from './get-event-feed.query';

@QueryHandler(GetEventFeedQuery)
export class GetEventFeedHandler implements IQueryHandler<GetEventFeedQuery, StoredEventRecord[]> {
  constructor(private readonly eventStore: EventStore) {}

  execute({ request }: GetEventFeedQuery): Promise<StoredEventRecord[]> {
    return this.eventStore.feed(request);
  }
}
