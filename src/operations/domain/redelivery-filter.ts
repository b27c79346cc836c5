import type { DeliveryKind, DeliveryStatus } from '../../webhooks/domain/delivery-kind';

/** The states a bulk redelivery can select on ('delivering' is a lease held for a moment, not a state to recover). */
export const REDELIVERABLE_STATUSES = ['pending', 'retrying', 'succeeded', 'dead_lettered'] as const satisfies readonly DeliveryStatus[];
export type RedeliverableStatus = (typeof REDELIVERABLE_STATUSES)[number];

/** Which deliveries a bulk redelivery asks for again, as stored in its stream (times as ISO text). */
export interface RedeliveryFilter {
  status?: RedeliverableStatus;
  kind?: DeliveryKind;
  /** Destination host[:port], as in the URL. */
  host?: string;
  subject_id?: string;
  endpoint_id?: string;
  /** Created at or after. */
  since?: string;
  /** Created before. */
  until?: string;
  /** The last attempt's HTTP status code. */
  status_code?: number;
}
