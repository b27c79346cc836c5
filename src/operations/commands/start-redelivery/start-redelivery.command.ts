import type { IdempotentCreate } from '../../../platform/http/idempotency-key';
import type { RedeliveryFilter } from '../../domain/redelivery-filter';

/** Ask again for every delivery the filter matches now, paced, as one durable operation. */
export class StartRedeliveryCommand {
  constructor(
    readonly filter: RedeliveryFilter,
    /** With an Idempotency-Key, a repeat answers the operation the first request started. */
    readonly idempotency?: IdempotentCreate,
  ) {}
}
