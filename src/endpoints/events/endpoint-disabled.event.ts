import type { DomainEvent } from '../../platform/domain/domain-event';
import { type EndpointDisabledData, EndpointEventType } from './endpoint-events';

/** Paused, with the reason: nothing is attempted; matching events wait, none is dropped. */
export class EndpointDisabledEvent implements DomainEvent {
  static readonly eventType = EndpointEventType.disabled;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: EndpointDisabledData,
  ) {}

  toData(): EndpointDisabledData {
    return { ...this.data };
  }
}
