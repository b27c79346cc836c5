import { EntityManager } from 'typeorm';
import { DomainEvent } from '../domain/domain-event';

/** One database transaction plus the domain events appended in it (published only after commit). */
export class Transaction {
  readonly events: DomainEvent[] = [];

  constructor(readonly manager: EntityManager) {}
}
