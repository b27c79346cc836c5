import type { RedeliveryFilter } from '../domain/redelivery-filter';

export const OperationEventType = {
  started: 'RedeliveryOperationStarted',
  batchScheduled: 'RedeliveryBatchScheduled',
  finished: 'OperationFinished',
  cancelled: 'OperationCancelled',
} as const;

export interface RedeliveryOperationStartedData {
  operation_id: string;
  filter: RedeliveryFilter;
  matched: number;
  request_digest?: string;
}

export interface RedeliveryBatchScheduledData {
  operation_id: string;
  /** In id order; the last one is the operation's cursor. */
  delivery_ids: string[];
}

export interface OperationEndedData {
  operation_id: string;
}
