import type { RedeliveryFilter } from './redelivery-filter';

export interface StartRedelivery {
  type: 'start';
  operationId: string;
  filter: RedeliveryFilter;
  matched: number;
  requestDigest?: string;
  now: Date;
}

/** The next batch: these deliveries were asked for again in the same unit of work. */
export interface RecordBatch {
  type: 'recordBatch';
  operationId: string;
  deliveryIds: readonly string[];
  now: Date;
}

/** No delivery past the cursor matches any more. */
export interface FinishOperation {
  type: 'finish';
  operationId: string;
  now: Date;
}

export interface CancelOperation {
  type: 'cancel';
  operationId: string;
  now: Date;
}

export type OperationCommand = StartRedelivery | RecordBatch | FinishOperation | CancelOperation;
