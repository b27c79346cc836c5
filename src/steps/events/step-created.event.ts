import { DomainEvent } from '../../platform/domain/domain-event';
import type { Metadata } from '../../platform/domain/metadata';

export class StepCreatedEvent implements DomainEvent {
  static readonly eventType = 'StepCreated';

  constructor(
    readonly streamId: string,
    readonly occurredAt: Date,
    readonly runId: string,
    readonly metadata: Metadata,
    /** Set on a create sent with an Idempotency-Key: what it asked for, so a repeat can be told from a reuse. */
    readonly requestDigest?: string,
  ) {}

  /** Schema v2 (see src/event-schemas.ts): v1 had no created_at. */
  toData() {
    return { step_id: this.streamId, run_id: this.runId, metadata: this.metadata, created_at: this.occurredAt.toISOString(), ...(this.requestDigest ? { request_digest: this.requestDigest } : {}) };
  }
}
