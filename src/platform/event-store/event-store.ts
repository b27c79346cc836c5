import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import type { AggregateRoot } from '../domain/aggregate-root';
import { eventTypeOf } from '../domain/domain-event';
import type { Transaction } from '../database/transaction';
import { StoredEventRecord } from './stored-event.orm-entity';

const COLUMNS_PER_EVENT = 6;

@Injectable()
export class EventStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues the aggregate's pending events, with consecutive versions, into the unit of work. */
  append(trx: Transaction, streamType: string, aggregate: AggregateRoot): void {
    const { events, firstVersion } = aggregate.pullPendingEvents();
    if (events.length === 0) return;
    const params: unknown[] = [];
    const rows = events.map((event, index) => {
      params.push(event.streamId, streamType, firstVersion + index, eventTypeOf(event), JSON.stringify(event.toData()), event.occurredAt);
      const p = index * COLUMNS_PER_EVENT;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
    });
    trx.write(`INSERT INTO events (stream_id, stream_type, version, type, data, occurred_at) VALUES ${rows.join(', ')}`, params);
    trx.events.push(...events);
  }

  async streamExists(streamType: string, streamId: string): Promise<boolean> {
    return this.dataSource.getRepository(StoredEventRecord).existsBy({ streamType, streamId, version: 1 });
  }

  /** The stream in order; `afterVersion`/`limit` read it a part at a time. */
  readStream(streamId: string, afterVersion = 0, limit?: number): Promise<StoredEventRecord[]> {
    return this.dataSource
      .getRepository(StoredEventRecord)
      .find({ where: { streamId, version: MoreThan(afterVersion) }, order: { version: 'ASC' }, take: limit });
  }
}
