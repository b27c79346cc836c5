import type { DomainEvent } from '../../platform/domain/domain-event';
import { type EndpointUpdatedData, EndpointEventType } from './endpoint-events';

/** Some of its URL, description, subscriptions or metadata changed (the data holds only what changed). */
export class EndpointUpdatedEvent implements DomainEvent {
  static readonly eventType = EndpointEventType.updated;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: EndpointUpdatedData,
  ) {}

  toData(): EndpointUpdatedData {
    return { ...this.data };
  }
}
