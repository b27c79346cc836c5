import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeliveryKind, DeliveryStatus } from '../domain/delivery-kind';

/** One notification to one receiver. Its id is the `webhook-id` header, the same on every attempt. */
@Entity({ name: 'deliveries' })
export class DeliveryRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  kind: DeliveryKind;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ name: 'destination_host', type: 'text' })
  destinationHost: string;

  /** The exact request body; signed and sent byte for byte the same on every attempt. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ name: 'attempt_count', type: 'int' })
  attemptCount: number;

  /** Due time while pending/failed (null: no further attempt planned); lease expiry while delivering. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'subject_completed_at', type: 'timestamptz' })
  subjectCompletedAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'succeeded_at', type: 'timestamptz', nullable: true })
  succeededAt: Date | null;
}
