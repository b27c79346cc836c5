import { DomainEvent } from '../../platform/domain/domain-event';

export class RunStartedEvent implements DomainEvent {
  static readonly eventType = 'RunStarted';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
  ) {}

  toData() {
    return { run_id: this.streamId, status: 'running' };
  }
}
