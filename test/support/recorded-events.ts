import type { AggregateRoot } from '../../src/platform/domain/aggregate-root';
import { eventTypeOf } from '../../src/platform/domain/domain-event';
import type { RecordedEvent } from '../../src/platform/domain/recorded-event';

/** An aggregate's pending events as the event store would hand them back (data through JSON, as stored). */
export function recordedEvents(aggregate: AggregateRoot): RecordedEvent[] {
  const { events, firstVersion } = aggregate.pullPendingEvents();
  return events.map((event, i) => ({
    version: firstVersion + i,
    type: eventTypeOf(event),
    data: JSON.parse(JSON.stringify(event.toData())),
    occurredAt: event.occurredAt,
  }));
}
