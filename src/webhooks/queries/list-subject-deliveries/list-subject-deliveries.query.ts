import type { PageRequest } from '../../../platform/database/keyset-page';
import type { DeliveryKind } from '../../domain/delivery-kind';

export class ListSubjectDeliveriesQuery {
  constructor(
    readonly kind: DeliveryKind,
    readonly subjectId: string,
    readonly page: PageRequest,
    /** Refuse (404) a subject that does not exist: a page's first read does, rather than answer an empty list. */
    readonly checkSubject = true,
  ) {}
}
