import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Metadata } from '../../platform/domain/metadata';
import type { StepMetrics } from '../domain/step-metrics';
import type { StepStatus } from '../domain/step-status';

@Entity({ name: 'steps' })
export class StepRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'run_id', type: 'text' })
  runId: string;

  @Column({ type: 'text' })
  status: StepStatus;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'jsonb' })
  metadata: Metadata;

  @Column({ type: 'jsonb' })
  metrics: StepMetrics;

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
