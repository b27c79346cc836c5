import type { DomainEvent } from '../../platform/domain/domain-event';
import { type EndpointSecretRotatedData, EndpointEventType } from './endpoint-events';

/** A new signing secret; the previous one still signs until `previous_expires_at`. */
export class EndpointSecretRotatedEvent implements DomainEvent {
  static readonly eventType = EndpointEventType.secretRotated;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: EndpointSecretRotatedData,
  ) {}

  toData(): EndpointSecretRotatedData {
    return { ...this.data };
  }
}
