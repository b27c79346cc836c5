import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../../platform/domain/metadata';
import type { RunStatus } from '../domain/run-status';

/** The runs projection: the current state of each run stream, plus the latest callback outcome. */
@Entity({ name: 'runs' })
export class RunRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId: string | null;

  @Column({ type: 'text' })
  status: RunStatus;

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
