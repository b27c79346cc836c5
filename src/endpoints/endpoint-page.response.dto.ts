import { PageOf } from '../platform/http/page.response.dto';
import { EndpointResponse } from './endpoint.response.dto';

/** A page of endpoints, newest first. */
export class EndpointPage extends PageOf(EndpointResponse) {}
