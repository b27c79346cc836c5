import type { DomainEvent } from '../../platform/domain/domain-event';
import { type EndpointCreatedData, EndpointEventType } from './endpoint-events';

/** An endpoint was registered: its fan-out starts after `starts_after` in the feed. */
export class EndpointCreatedEvent implements DomainEvent {
  static readonly eventType = EndpointEventType.created;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: EndpointCreatedData,
  ) {}

  toData(): EndpointCreatedData {
    return { ...this.data };
  }
}
