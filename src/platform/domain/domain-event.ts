/**
 * A fact about one aggregate. Concrete events are classes (so @nestjs/cqrs can route them) with a static
 * `eventType` naming them in the event store, and `toData()` giving their serialisable payload.
 */
export interface DomainEvent {
  readonly streamId: string;
  readonly occurredAt: Date;
  toData(): Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface DomainEventClass {
  readonly eventType: string;
}

export function eventTypeOf(event: DomainEvent): string {
  return (event.constructor as unknown as DomainEventClass).eventType;
}
