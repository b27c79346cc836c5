import type { DomainEvent } from '../../platform/domain/domain-event';
import { type OperationEndedData, OperationEventType } from './operation-events';

/** Cancelled: no further batch is asked for (those already asked for go on). */
export class OperationCancelledEvent implements DomainEvent {
  static readonly eventType = OperationEventType.cancelled;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: OperationEndedData,
  ) {}

  toData(): OperationEndedData {
    return { ...this.data };
  }
}
