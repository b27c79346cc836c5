import type { Metadata } from '../../platform/domain/metadata';
import type { StepStatus } from './step-status';

/** A step as its stream says. */
export interface StepState {
  id: string;
  runId: string;
  status: StepStatus;
  error: string | null;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** Set when it was created with an Idempotency-Key. */
  requestDigest?: string;
}
