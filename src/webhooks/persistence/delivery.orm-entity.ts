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

  /** As its stream says; the reads show one someone holds a lease on as 'delivering' (DeliveriesTable). */
  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ name: 'attempt_count', type: 'int' })
  attemptCount: number;

  /** When the next attempt is due (null: none planned). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

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

  /** The endpoint it was fanned out to (null: a subject's own callback). */
  @Column({ name: 'endpoint_id', type: 'text', nullable: true })
  endpointId: string | null;

  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType: string | null;
}
