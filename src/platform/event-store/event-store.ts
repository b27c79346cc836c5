import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AggregateRoot } from '../domain/aggregate-root';
import { DomainError } from '../domain/domain-error';
import { eventTypeOf } from '../domain/domain-event';
import { Transaction } from '../database/transaction';
import { StoredEventRecord } from './stored-event.orm-entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class EventStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends the aggregate's pending events in the caller's transaction, with consecutive versions. */
  async append(trx: Transaction, streamType: string, aggregate: AggregateRoot): Promise<void> {
    const { events, firstVersion } = aggregate.pullPendingEvents();
    if (events.length === 0) return;
    const rows = events.map((event, index) => ({
      streamId: event.streamId,
      streamType,
      version: firstVersion + index,
      type: eventTypeOf(event),
      data: event.toData(),
      occurredAt: event.occurredAt,
    }));
    try {
      await trx.manager.insert(StoredEventRecord, rows);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError('conflict', `${streamType} ${rows[0].streamId} was changed concurrently; retry`);
      }
      throw error;
    }
    trx.events.push(...events);
  }

  async streamExists(streamType: string, streamId: string): Promise<boolean> {
    return this.dataSource.getRepository(StoredEventRecord).existsBy({ streamType, streamId, version: 1 });
  }

  readStream(streamId: string): Promise<StoredEventRecord[]> {
    return this.dataSource.getRepository(StoredEventRecord).find({ where: { streamId }, order: { version: 'ASC' } });
  }
}
