import { Column, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../platform/domain/metadata';

/** Columns shared by the jobs and runs projections: lifecycle state plus the latest callback outcome. */
export abstract class LifecycleRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'jsonb' })
  metadata: Metadata;

  @Column({ name: 'callback_url', type: 'text', nullable: true })
  callbackUrl: string | null;

  @Column({ name: 'callback_sent_at', type: 'timestamptz', nullable: true })
  callbackSentAt: Date | null;

  @Column({ name: 'callback_status_code', type: 'int', nullable: true })
  callbackStatusCode: number | null;

  @Column({ name: 'callback_error', type: 'text', nullable: true })
  callbackError: string | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Not a column: set on the answer to an idempotent create's repeat. */
  idempotentReplay?: boolean;
}
