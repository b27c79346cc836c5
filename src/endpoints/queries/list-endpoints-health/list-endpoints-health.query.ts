import type { PageRequest } from '../../../platform/database/keyset-page';

export class ListEndpointsHealthQuery {
  constructor(
    readonly page: PageRequest,
    /** The window the rates and durations cover. */
    readonly minutes: number,
  ) {}
}
