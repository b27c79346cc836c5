import type { Metadata } from '../../platform/domain/metadata';
import type { StepMetrics } from './step-metrics';
import type { StepStatus } from './step-status';

/** A step as its stream says. */
export interface StepState {
  id: string;
  runId: string;
  status: StepStatus;
  error: string | null;
  metadata: Metadata;
  /** As reported on completion; empty while pending, and for a step completed without any. */
  metrics: StepMetrics;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** Set when it was created with an Idempotency-Key. */
  requestDigest?: string;
}
