export const DELIVERY_KINDS = ['job', 'run', 'step'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/**
 * pending: never tried; delivering: an attempt under way (someone holds its lease); retrying: an attempt failed and
 * another is planned; succeeded: the last attempt was answered 2xx; dead_lettered: failed with nothing planned.
 */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'retrying', 'succeeded', 'dead_lettered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
