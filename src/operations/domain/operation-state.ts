import type { RedeliveryFilter } from './redelivery-filter';

export const OPERATION_STATUSES = ['running', 'done', 'cancelled'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** A bulk redelivery as its stream says. */
export interface OperationState {
  id: string;
  kind: 'redelivery';
  filter: RedeliveryFilter;
  status: OperationStatus;
  /** Deliveries the filter matched when the operation started (created before it). */
  matched: number;
  /** Deliveries asked for again so far. */
  scheduled: number;
  /** The last delivery id asked for (deliveries are taken in id order): where a resumed operation goes on. */
  cursor: string | null;
  /** Digest of the request when it came with an Idempotency-Key. */
  requestDigest?: string;
  createdAt: Date;
  /** When the last batch was asked for: the pace is kept from it, across replicas. */
  lastBatchAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
}
