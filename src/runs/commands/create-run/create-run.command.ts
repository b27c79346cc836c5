import type { IdempotentCreate } from '../../../platform/http/idempotency-key';
import type { Metadata } from '../../../platform/domain/metadata';

export class CreateRunCommand {
  constructor(
    readonly agentId: string | undefined,
    readonly callbackUrl: string | undefined,
    readonly metadata: Metadata | undefined,
    /** With an Idempotency-Key, a repeat answers what the first create did instead of creating again. */
    readonly idempotency?: IdempotentCreate,
  ) {}
}
