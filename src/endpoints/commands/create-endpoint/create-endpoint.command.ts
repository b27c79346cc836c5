import type { IdempotentCreate } from '../../../platform/http/idempotency-key';
import type { CreateEndpointRequest } from './create-endpoint.request.dto';

export class CreateEndpointCommand {
  constructor(
    readonly request: CreateEndpointRequest,
    /** With an Idempotency-Key, a repeat answers what the first create did instead of creating again. */
    readonly idempotency?: IdempotentCreate,
  ) {}
}
