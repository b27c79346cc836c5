import type { IdempotentCreate } from '../../../platform/http/idempotency-key';
import type { Metadata } from '../../../platform/domain/metadata';

export class CreateStepCommand {
  constructor(
    readonly runId: string,
    readonly metadata: Metadata | undefined,
    /** With an Idempotency-Key, a repeat answers what the first create did instead of creating again. */
    readonly idempotency?: IdempotentCreate,
  ) {}
}
