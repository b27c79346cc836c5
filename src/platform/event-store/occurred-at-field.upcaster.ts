import type { EventUpcaster } from './event-schemas';

/** An upcaster for a version that added a timestamp field equal to the event's own occurred_at. */
export function occurredAtAsField(type: string, fromVersion: number, field: string): EventUpcaster {
  return {
    type,
    fromVersion,
    upcast: (data, { occurredAt }) => ({ ...data, [field]: occurredAt.toISOString() }),
  };
}
