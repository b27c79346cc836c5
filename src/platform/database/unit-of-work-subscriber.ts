import type { DomainEvent } from '../domain/domain-event';
import type { WriteBatch } from './write-batch';

/** Sees a unit of work's events before it commits and may queue writes into it (e.g. an outbox writer). */
export interface UnitOfWorkSubscriber {
  /** Unique constraints its writes may violate only when another unit changed the same stream concurrently. */
  readonly collisionConstraints?: readonly string[];
  beforeCommit(batch: WriteBatch, events: readonly DomainEvent[]): Promise<void>;
}
