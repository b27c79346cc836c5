import { type DomainEvent, eventTypeOf } from '../../src/platform/domain/domain-event';
import type { RecordedEvent } from '../../src/platform/domain/recorded-event';

/** Decided events as the event store would hand them back (data through JSON, as stored), versions from `firstVersion`. */
export function recordedEvents(events: readonly DomainEvent[], firstVersion = 1): RecordedEvent[] {
  return events.map((event, i) => ({
    streamId: event.streamId,
    version: firstVersion + i,
    type: eventTypeOf(event),
    data: JSON.parse(JSON.stringify(event.toData())),
    occurredAt: event.occurredAt,
  }));
}
