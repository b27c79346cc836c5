import { PageOf } from '../platform/http/page.response.dto';
import { DeliveryResponse } from './delivery.response.dto';

/** A page of deliveries, newest first. */
export class DeliveryPage extends PageOf(DeliveryResponse) {}
