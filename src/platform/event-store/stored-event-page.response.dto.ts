import { PageOf } from '../http/page.response.dto';
import { StoredEventResponse } from './stored-event.response.dto';

/** A page of an entity's events, in order. */
export class StoredEventPage extends PageOf(StoredEventResponse) {}
