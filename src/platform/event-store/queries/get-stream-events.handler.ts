import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityNotFoundError } from '../../domain/domain-error';
import { EventStore } from '../event-store';
import { StoredEventRecord } from '../stored-event.orm-entity';
import { GetStreamEventsQuery } from './get-stream-events.query';

@QueryHandler(GetStreamEventsQuery)
export class GetStreamEventsHandler implements IQueryHandler<GetStreamEventsQuery, StoredEventRecord[]> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ streamType, streamId, afterVersion, limit, checkExists }: GetStreamEventsQuery): Promise<StoredEventRecord[]> {
    const events = await this.eventStore.readStream(streamId, afterVersion, limit);
    if (checkExists && !(await this.isStream(streamType, streamId, events, afterVersion))) throw new EntityNotFoundError(streamType, streamId);
    return events;
  }

  /** Every stream starts with its Created event: from the start, an empty read means the entity does not exist. */
  private async isStream(streamType: string, streamId: string, events: StoredEventRecord[], afterVersion: number): Promise<boolean> {
    if (events.length > 0) return events[0].streamType === streamType;
    return afterVersion > 0 && this.eventStore.streamExists(streamType, streamId);
  }
}
