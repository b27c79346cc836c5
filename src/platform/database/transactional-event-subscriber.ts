import { DomainEvent } from '../domain/domain-event';
import { Transaction } from './transaction';

/** Runs inside the transaction that appended the events, just before it commits (e.g. an outbox writer). */
export interface TransactionalEventSubscriber {
  beforeCommit(trx: Transaction, events: readonly DomainEvent[]): Promise<void>;
}
