import { DomainEvent } from '../../platform/domain/domain-event';
import type { Metadata } from '../../platform/domain/metadata';

export class JobMetadataChangedEvent implements DomainEvent {
  static readonly eventType = 'JobMetadataChanged';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    /** The keys that were merged in, not the whole object. */
    readonly update: Metadata,
  ) {}

  toData() {
    return { job_id: this.streamId, metadata: this.update };
  }
}
