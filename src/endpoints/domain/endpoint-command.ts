import type { Metadata } from '../../platform/domain/metadata';

export interface CreateEndpoint {
  type: 'create';
  endpointId: string;
  url: string;
  description: string;
  eventTypes: string[] | null;
  enabled: boolean;
  rateLimit: number | null;
  retrySchedule: string | null;
  metadata: Metadata;
  /** The feed sequence its fan-out starts after: the past it is backfilled from. */
  startsAfter: string;
  secretId: string;
  requestDigest?: string;
  now: Date;
}

/** Only the fields given change. */
export interface UpdateEndpoint {
  type: 'update';
  endpointId: string;
  url?: string;
  description?: string;
  eventTypes?: string[] | null;
  enabled?: boolean;
  rateLimit?: number | null;
  retrySchedule?: string | null;
  metadata?: Metadata;
  now: Date;
}

export interface RotateEndpointSecret {
  type: 'rotateSecret';
  endpointId: string;
  secretId: string;
  /** Until when the secret it replaces still signs. */
  previousExpiresAt: Date;
  now: Date;
}

/** The service disables an endpoint that keeps failing (cause `failing`); a no-op on one already disabled. */
export interface DisableFailingEndpoint {
  type: 'disableFailing';
  endpointId: string;
  reason: string;
  now: Date;
}

export interface DeleteEndpoint {
  type: 'delete';
  endpointId: string;
  now: Date;
}

export type EndpointCommand = CreateEndpoint | UpdateEndpoint | RotateEndpointSecret | DisableFailingEndpoint | DeleteEndpoint;
