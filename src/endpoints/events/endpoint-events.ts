import type { Metadata } from '../../platform/domain/metadata';

export const EndpointEventType = {
  created: 'EndpointCreated',
  updated: 'EndpointUpdated',
  disabled: 'EndpointDisabled',
  enabled: 'EndpointEnabled',
  secretRotated: 'EndpointSecretRotated',
  deleted: 'EndpointDeleted',
} as const;

export interface EndpointCreatedData {
  endpoint_id: string;
  url: string;
  destination_host: string;
  description: string;
  event_types: string[] | null;
  enabled: boolean;
  /** Absent in events written before rate limits existed: none. */
  rate_limit?: number | null;
  retry_schedule?: string | null;
  metadata: Metadata;
  /** The feed sequence its fan-out starts after (decimal text: a bigint). */
  starts_after: string;
  /** Names the secret; the secret itself is never in the log. */
  secret_id: string;
  request_digest?: string;
}

/** The fields that changed, with their new values. */
export interface EndpointUpdatedData {
  endpoint_id: string;
  url?: string;
  destination_host?: string;
  description?: string;
  event_types?: string[] | null;
  rate_limit?: number | null;
  retry_schedule?: string | null;
  metadata?: Metadata;
}

/** Why an endpoint is disabled, for machines: its owner paused it through the API, or the service disabled it for failing. */
export const ENDPOINT_DISABLED_CAUSES = ['paused', 'failing'] as const;
export type EndpointDisabledCause = (typeof ENDPOINT_DISABLED_CAUSES)[number];

/** v2: `cause` beside the reason text (v1 had only the text; its upcaster derives the cause from it). */
export interface EndpointDisabledData {
  endpoint_id: string;
  reason: string;
  cause: EndpointDisabledCause;
}

export interface EndpointSecretRotatedData {
  endpoint_id: string;
  secret_id: string;
  previous_secret_id: string;
  previous_expires_at: string;
}

export interface EndpointIdData {
  endpoint_id: string;
}
