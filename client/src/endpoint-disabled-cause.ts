import type { EndpointResponse } from './generated/api.js';

/**
 * Why an endpoint is disabled (`disabled_cause`): `paused` through the API, or `failing` — the service disabled it
 * after ENDPOINT_DISABLE_AFTER of failed attempts. Compare this, not `disabled_reason`, whose text is for people.
 */
export type EndpointDisabledCause = NonNullable<EndpointResponse['disabled_cause']>;
