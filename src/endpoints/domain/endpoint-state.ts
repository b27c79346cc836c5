import type { Metadata } from '../../platform/domain/metadata';
import type { EndpointDisabledCause } from '../events/endpoint-events';

/** An endpoint as its stream says. */
export interface EndpointState {
  id: string;
  url: string;
  destinationHost: string;
  description: string;
  /** Subscription patterns; null receives every event type. */
  eventTypes: string[] | null;
  enabled: boolean;
  /** When it was last enabled (created enabled, or resumed); null while disabled. Failures before it do not count against it. */
  enabledSince: Date | null;
  /** Why it is disabled (null while enabled). */
  disabledReason: string | null;
  /** The same for machines: paused through the API, or disabled by the service for failing (null while enabled). */
  disabledCause: EndpointDisabledCause | null;
  /** Requests per second across all replicas (null: no limit). */
  rateLimit: number | null;
  /** Its own retry delays, as given (null: WEBHOOK_RETRY_SCHEDULE). */
  retrySchedule: string | null;
  metadata: Metadata;
  /** The current signing secret's id (its value is in endpoint_secrets, never in the log). */
  secretId: string;
  secretRotatedAt: Date | null;
  /** Until when the secret the last rotation replaced still signs (null: never rotated). */
  previousSecretExpiresAt: Date | null;
  requestDigest?: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}
