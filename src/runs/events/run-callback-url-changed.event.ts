import { DomainEvent } from '../../platform/domain/domain-event';

/** The run's callback goes to a new URL from now on (its undelivered callback too, under the same webhook-id). */
export class RunCallbackUrlChangedEvent implements DomainEvent {
  static readonly eventType = 'RunCallbackUrlChanged';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly callbackUrl: string,
  ) {}

  toData() {
    return { run_id: this.streamId, callback_url: this.callbackUrl };
  }
}
