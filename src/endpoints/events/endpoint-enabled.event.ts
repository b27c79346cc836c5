import type { DomainEvent } from '../../platform/domain/domain-event';
import { type EndpointIdData, EndpointEventType } from './endpoint-events';

/** Resumed: what waited is sent, paced. */
export class EndpointEnabledEvent implements DomainEvent {
  static readonly eventType = EndpointEventType.enabled;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: EndpointIdData,
  ) {}

  toData(): EndpointIdData {
    return { ...this.data };
  }
}
