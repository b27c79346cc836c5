import type { DomainEvent } from '../../platform/domain/domain-event';
import { type OperationEndedData, OperationEventType } from './operation-events';

/** Every matched delivery was asked for again. */
export class OperationFinishedEvent implements DomainEvent {
  static readonly eventType = OperationEventType.finished;

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly data: OperationEndedData,
  ) {}

  toData(): OperationEndedData {
    return { ...this.data };
  }
}
