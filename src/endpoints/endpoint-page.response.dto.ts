import { PageOf } from '../platform/http/page.response.dto';
import { EndpointHealthResponse } from './endpoint-health.response.dto';
import { EndpointResponse } from './endpoint.response.dto';

/** A page of endpoints, newest first. */
export class EndpointPage extends PageOf(EndpointResponse) {}

/** The health of a page of endpoints, in the list's order. */
export class EndpointHealthPage extends PageOf(EndpointHealthResponse) {}
