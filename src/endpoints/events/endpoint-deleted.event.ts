import type { DomainEvent } from '../../platform/domain/domain-event';
import { type EndpointIdData, EndpointEventType } from './endpoint-events';

/** Ended for good: no further event is fanned out to it and its deliveries are no longer attempted. */
export class EndpointDeletedEvent implements DomainEvent {
  static readonly eventType = EndpointEventType.deleted;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: EndpointIdData,
  ) {}

  toData(): EndpointIdData {
    return { ...this.data };
  }
}
