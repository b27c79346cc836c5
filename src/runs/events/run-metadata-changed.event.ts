import { DomainEvent } from '../../platform/domain/domain-event';
import type { Metadata } from '../../platform/domain/metadata';

export class RunMetadataChangedEvent implements DomainEvent {
  static readonly eventType = 'RunMetadataChanged';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    /** The keys that were merged in, not the whole object. */
    readonly update: Metadata,
  ) {}

  toData() {
    return { run_id: this.streamId, metadata: this.update };
  }
}
