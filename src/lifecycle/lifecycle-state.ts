import type { Metadata } from '../platform/domain/metadata';

/** A job or run as its stream says. Runs add their agent_id (see LifecycleKind.fromCreated). */
export interface LifecycleState {
  id: string;
  status: string;
  metadata: Metadata;
  callbackUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** Set when it was created with an Idempotency-Key (see src/platform/http/idempotency-key.ts). */
  requestDigest?: string;
}
