import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Transaction } from './transaction';
import { TransactionalEventSubscriber } from './transactional-event-subscriber';

/**
 * The one place transactions are opened. Events, projections and outbox rows commit together;
 * the events go to the in-process EventBus only after the commit succeeded.
 */
@Injectable()
export class UnitOfWork {
  private readonly subscribers: TransactionalEventSubscriber[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventBus: EventBus,
  ) {}

  registerSubscriber(subscriber: TransactionalEventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  async run<T>(work: (trx: Transaction) => Promise<T>): Promise<T> {
    let committed: Transaction | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      const trx = new Transaction(manager);
      const value = await work(trx);
      if (trx.events.length > 0) {
        for (const subscriber of this.subscribers) await subscriber.beforeCommit(trx, trx.events);
      }
      committed = trx;
      return value;
    });
    if (committed && committed.events.length > 0) this.eventBus.publishAll(committed.events);
    return result;
  }
}
