import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttemptOutcome } from '../domain/delivery-events';

@Entity({ name: 'delivery_attempts' })
export class DeliveryAttemptRecord {
  @PrimaryColumn({ name: 'delivery_id', type: 'text' })
  deliveryId: string;

  @PrimaryColumn({ type: 'int' })
  number: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  /** What was kept of the response's headers (credentials redacted); null without a response, or before they were kept. */
  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders: Record<string, string> | null;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** What the attempt led to: succeeded, retrying (another attempt planned) or dead_lettered. */
  @Column({ type: 'text' })
  outcome: AttemptOutcome;

  /**
   * The first 1 KiB of what the receiver answered, while RESPONSE_BODY_RETENTION keeps it: not a column of this table
   * (it is kept beside the log, in response_bodies); filled in by the delivery GET (GetDeliveryHandler).
   */
  responseBody: string | null = null;
}
