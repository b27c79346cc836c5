import type { PageRequest } from '../../../platform/database/keyset-page';

export class ListEndpointsQuery {
  constructor(readonly page: PageRequest) {}
}
