import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../../platform/domain/metadata';
import type { JobStatus } from '../domain/job-status';

/** The jobs projection: the current state of each job stream, plus the latest callback outcome. */
@Entity({ name: 'jobs' })
export class JobRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  status: JobStatus;

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
}
