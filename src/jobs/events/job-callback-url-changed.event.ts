import { DomainEvent } from '../../platform/domain/domain-event';

/** The job's callback goes to a new URL from now on (its undelivered callback too, under the same webhook-id). */
export class JobCallbackUrlChangedEvent implements DomainEvent {
  static readonly eventType = 'JobCallbackUrlChanged';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly callbackUrl: string,
  ) {}

  toData() {
    return { job_id: this.streamId, callback_url: this.callbackUrl };
  }
}
