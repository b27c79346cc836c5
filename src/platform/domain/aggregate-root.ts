import { DomainEvent } from './domain-event';

/** Collects the events an aggregate records until its repository appends them to the event store. */
export abstract class AggregateRoot {
  private pendingEvents: DomainEvent[] = [];

  /** Number of events already stored for this aggregate; the next one gets version + 1. */
  protected constructor(private storedVersion: number) {}

  get version(): number {
    return this.storedVersion;
  }

  get hasPendingEvents(): boolean {
    return this.pendingEvents.length > 0;
  }

  protected record(event: DomainEvent): void {
    this.pendingEvents.push(event);
  }

  /** Hands the pending events over and advances the version past them. */
  pullPendingEvents(): { events: DomainEvent[]; firstVersion: number } {
    const events = this.pendingEvents;
    const firstVersion = this.storedVersion + 1;
    this.pendingEvents = [];
    this.storedVersion += events.length;
    return { events, firstVersion };
  }
}
