import type { DeliveryStatus } from '../../webhooks/domain/delivery-kind';
import type { DeliverySearch } from '../../webhooks/domain/delivery-search';

/** The states a bulk redelivery can select on ('delivering' is a lease held for a moment, not a state to recover). */
export const REDELIVERABLE_STATUSES = ['pending', 'retrying', 'succeeded', 'dead_lettered'] as const satisfies readonly DeliveryStatus[];
export type RedeliverableStatus = (typeof REDELIVERABLE_STATUSES)[number];

/** Which deliveries a bulk redelivery asks for again, as stored in its stream (times as ISO text). */
export interface RedeliveryFilter extends Omit<DeliverySearch, 'status'> {
  status?: RedeliverableStatus;
}
