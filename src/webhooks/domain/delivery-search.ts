import type { DeliveryKind, DeliveryStatus } from './delivery-kind';

/**
 * What finds deliveries, as the API takes it and a bulk redelivery keeps it in its stream (times as ISO text).
 * Every field narrows; the deliveries list and a bulk redelivery read the same conditions from it.
 */
export interface DeliverySearch {
  status?: DeliveryStatus;
  kind?: DeliveryKind;
  /** Destination host[:port], as in the URL. */
  host?: string;
  /** The URL starts with this (host, port and path; the scheme may be left out). */
  url?: string;
  subject_id?: string;
  /** The subject's id starts with this. */
  subject_id_prefix?: string;
  endpoint_id?: string;
  /** Created at or after. */
  since?: string;
  /** Created before. */
  until?: string;
  /** The last attempt's HTTP status code. */
  status_code?: number;
  /** The subject's (job's or run's) metadata has this key … */
  metadata_key?: string;
  /** … with this value (as text, or the number or boolean it spells). */
  metadata_value?: string;
}
