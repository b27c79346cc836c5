import type { Metadata } from '../platform/domain/metadata';

/** What may be asked of a job or run. `now` is the decision's time: the decider reads no clock. */
export type LifecycleCommand =
  | { type: 'create'; id: string; callbackUrl: string | null; metadata: Metadata; now: Date; requestDigest?: string }
  | { type: 'update'; id: string; status?: string; metadata?: Metadata; callbackUrl?: string; now: Date };
