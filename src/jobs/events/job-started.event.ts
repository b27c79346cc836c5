import { DomainEvent } from '../../platform/domain/domain-event';

export class JobStartedEvent implements DomainEvent {
  static readonly eventType = 'JobStarted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
  ) {}

  toData() {
    return { job_id: this.streamId, status: 'running' };
  }
}
