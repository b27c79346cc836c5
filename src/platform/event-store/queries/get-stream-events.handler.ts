import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityNotFoundError } from '../../domain/domain-error';
import { EventStore } from '../event-store';
import { StoredEventRecord } from '../stored-event.orm-entity';
import { GetStreamEventsQuery } from './get-stream-events.query';

@QueryHandler(GetStreamEventsQuery)
export class GetStreamEventsHandler implements IQueryHandler<GetStreamEventsQuery, StoredEventRecord[]> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ streamType, streamId, afterVersion, limit }: GetStreamEventsQuery): Promise<StoredEventRecord[]> {
    const events = await this.eventStore.readStream(streamId, afterVersion, limit);
    // Every stream starts with its Created event, so an empty stream means the entity does not exist.
    if (afterVersion === 0 && (events.length === 0 || events[0].streamType !== streamType)) throw new EntityNotFoundError(streamType, streamId);
    return events;
  }
}
