import { callbackUrlMessage, isWellFormedCallbackUrl } from '../../platform/destination/is-callback-url.validator';
import type { Decider } from '../../platform/domain/decider';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { DomainError, EntityNotFoundError, InvalidInputError } from '../../platform/domain/domain-error';
import { assertMetadata, assertOptionalText } from '../../platform/domain/input-rules';
import { EndpointCreatedEvent } from '../events/endpoint-created.event';
import { EndpointDeletedEvent } from '../events/endpoint-deleted.event';
import { EndpointDisabledEvent } from '../events/endpoint-disabled.event';
import { EndpointEnabledEvent } from '../events/endpoint-enabled.event';
import {
  EndpointEventType, type EndpointCreatedData, type EndpointDisabledData, type EndpointSecretRotatedData, type EndpointUpdatedData,
} from '../events/endpoint-events';
import { EndpointSecretRotatedEvent } from '../events/endpoint-secret-rotated.event';
import { EndpointUpdatedEvent } from '../events/endpoint-updated.event';
import type { EndpointCommand, UpdateEndpoint } from './endpoint-command';
import type { EndpointState } from './endpoint-state';
import { assertRateLimit, assertRetrySchedule } from './delivery-settings';
import { assertEventTypes } from './event-types';

export const MAX_DESCRIPTION_LENGTH = 1000;
/** Why an endpoint is disabled when its owner paused it. */
export const PAUSED_THROUGH_API = 'paused through the API';

/**
 * An endpoint's rules: created once (a repeat with the same Idempotency-Key answers the first), changed field by
 * field (a change to what it already has is a no-op), paused and resumed, its secret rotated, deleted for good:
 * a deleted endpoint is not found.
 */
export const ENDPOINT_DECIDER: Decider<EndpointCommand, EndpointState> = {
  decide(command, state) {
    if (command.type === 'create') {
      if (state) {
        if (command.requestDigest !== undefined && command.requestDigest === state.requestDigest) return [];
        throw new DomainError('conflict', 'idempotency-key was first used with a different request; use a new key for a new endpoint', 'idempotency-key');
      }
      const { endpointId, url, description, eventTypes, enabled, rateLimit, retrySchedule, metadata, startsAfter, secretId, requestDigest, now } = command;
      assertUrl(url);
      assertOptionalText('description', description, MAX_DESCRIPTION_LENGTH);
      assertEventTypes('event_types', eventTypes);
      assertRateLimit('rate_limit', rateLimit);
      assertRetrySchedule('retry_schedule', retrySchedule);
      assertMetadata('metadata', metadata);
      const data: EndpointCreatedData = {
        endpoint_id: endpointId, url, destination_host: new URL(url).host, description, event_types: eventTypes, enabled,
        rate_limit: rateLimit, retry_schedule: retrySchedule, metadata,
        starts_after: startsAfter, secret_id: secretId, ...(requestDigest !== undefined && { request_digest: requestDigest }),
      };
      return [new EndpointCreatedEvent(endpointId, now, data)];
    }
    if (!state || state.deletedAt !== null) throw new EntityNotFoundError('endpoint', command.endpointId);
    const { endpointId, now } = command;
    if (command.type === 'delete') return [new EndpointDeletedEvent(endpointId, now, { endpoint_id: endpointId })];
    if (command.type === 'disableFailing') {
      return state.enabled ? [new EndpointDisabledEvent(endpointId, now, { endpoint_id: endpointId, reason: command.reason, cause: 'failing' })] : [];
    }
    if (command.type === 'rotateSecret') {
      return [new EndpointSecretRotatedEvent(endpointId, now, {
        endpoint_id: endpointId, secret_id: command.secretId, previous_secret_id: state.secretId, previous_expires_at: command.previousExpiresAt.toISOString(),
      })];
    }
    return updateEvents(command, state);
  },

  evolve(state, { streamId, type, data, occurredAt }) {
    if (type === EndpointEventType.created) {
      const created = data as EndpointCreatedData;
      const endpoint: EndpointState = {
        id: streamId, url: created.url, destinationHost: created.destination_host, description: created.description, eventTypes: created.event_types,
        enabled: created.enabled, enabledSince: created.enabled ? occurredAt : null,
        disabledReason: created.enabled ? null : PAUSED_THROUGH_API, disabledCause: created.enabled ? null : 'paused',
        rateLimit: created.rate_limit ?? null, retrySchedule: created.retry_schedule ?? null, metadata: created.metadata, secretId: created.secret_id,
        secretRotatedAt: null, previousSecretExpiresAt: null, createdAt: occurredAt, updatedAt: occurredAt, deletedAt: null,
      };
      return created.request_digest === undefined ? endpoint : { ...endpoint, requestDigest: created.request_digest };
    }
    if (!state) return undefined; // not an endpoint's stream
    const at = { updatedAt: occurredAt };
    if (type === EndpointEventType.updated) {
      const changed = data as EndpointUpdatedData;
      return {
        ...state, ...at,
        ...(changed.url !== undefined && { url: changed.url, destinationHost: changed.destination_host! }),
        ...(changed.description !== undefined && { description: changed.description }),
        ...(changed.event_types !== undefined && { eventTypes: changed.event_types }),
        ...(changed.rate_limit !== undefined && { rateLimit: changed.rate_limit }),
        ...(changed.retry_schedule !== undefined && { retrySchedule: changed.retry_schedule }),
        ...(changed.metadata !== undefined && { metadata: changed.metadata }),
      };
    }
    if (type === EndpointEventType.disabled) {
      const disabled = data as EndpointDisabledData;
      return { ...state, ...at, enabled: false, enabledSince: null, disabledReason: disabled.reason, disabledCause: disabled.cause };
    }
    if (type === EndpointEventType.enabled) return { ...state, ...at, enabled: true, enabledSince: occurredAt, disabledReason: null, disabledCause: null };
    if (type === EndpointEventType.secretRotated) {
      const rotated = data as EndpointSecretRotatedData;
      return { ...state, ...at, secretId: rotated.secret_id, secretRotatedAt: occurredAt, previousSecretExpiresAt: new Date(rotated.previous_expires_at) };
    }
    if (type === EndpointEventType.deleted) return { ...state, ...at, deletedAt: occurredAt };
    return { ...state, ...at };
  },
};

function assertUrl(url: unknown): void {
  if (!isWellFormedCallbackUrl(url)) throw new InvalidInputError('url', callbackUrlMessage('url'));
}

/** The fields that differ from the state (metadata replaces, as an endpoint's is small configuration), then pause or resume. */
function updateEvents(command: UpdateEndpoint, state: EndpointState): DomainEvent[] {
  const { endpointId, url, description, eventTypes, enabled, rateLimit, retrySchedule, metadata, now } = command;
  const changed: EndpointUpdatedData = { endpoint_id: endpointId };
  if (url !== undefined && url !== state.url) {
    assertUrl(url);
    Object.assign(changed, { url, destination_host: new URL(url).host });
  }
  if (description !== undefined && description !== state.description) {
    if (description === null) throw new InvalidInputError('description', 'description must be a string (send "" to clear it)');
    assertOptionalText('description', description, MAX_DESCRIPTION_LENGTH);
    changed.description = description;
  }
  if (eventTypes !== undefined && JSON.stringify(eventTypes) !== JSON.stringify(state.eventTypes)) {
    assertEventTypes('event_types', eventTypes);
    changed.event_types = eventTypes;
  }
  if (rateLimit !== undefined && rateLimit !== state.rateLimit) {
    assertRateLimit('rate_limit', rateLimit);
    changed.rate_limit = rateLimit;
  }
  if (retrySchedule !== undefined && retrySchedule !== state.retrySchedule) {
    assertRetrySchedule('retry_schedule', retrySchedule);
    changed.retry_schedule = retrySchedule;
  }
  if (metadata !== undefined && JSON.stringify(metadata) !== JSON.stringify(state.metadata)) {
    assertMetadata('metadata', metadata);
    changed.metadata = metadata;
  }
  const events: DomainEvent[] = Object.keys(changed).length > 1 ? [new EndpointUpdatedEvent(endpointId, now, changed)] : [];
  if (enabled === false && state.enabled) events.push(new EndpointDisabledEvent(endpointId, now, { endpoint_id: endpointId, reason: PAUSED_THROUGH_API, cause: 'paused' }));
  if (enabled === true && !state.enabled) events.push(new EndpointEnabledEvent(endpointId, now, { endpoint_id: endpointId }));
  return events;
}
