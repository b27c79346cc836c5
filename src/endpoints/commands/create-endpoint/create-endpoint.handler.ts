import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isISO8601 } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DestinationPolicy } from '../../../platform/destination/destination-policy';
import { InvalidInputError } from '../../../platform/domain/domain-error';
import { newId } from '../../../platform/domain/new-id';
import { LogPositions } from '../../../platform/event-store/log-positions';
import { idempotentId, requestDigest } from '../../../platform/http/idempotency-key';
import type { EndpointState } from '../../domain/endpoint-state';
import { EndpointFanOut } from '../../fan-out/endpoint-fan-out';
import { EndpointCursorsTable } from '../../persistence/endpoint-cursors.table';
import { EndpointSecretsTable } from '../../persistence/endpoint-secrets.table';
import { EndpointStreams } from '../../persistence/endpoint-streams';
import { generateEndpointSecret } from '../../secrets/endpoint-secret';
import { SecretSealer } from '../../secrets/secret-sealer';
import { CreateEndpointCommand } from './create-endpoint.command';

/**
 * Registers an endpoint with a fresh signing secret (stored sealed beside the log, named in it by id only) and its
 * place in the feed: now, or where `since` says (a backfill).
 */
@CommandHandler(CreateEndpointCommand)
export class CreateEndpointHandler implements ICommandHandler<CreateEndpointCommand, EndpointState & { idempotentReplay?: boolean }> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: EndpointStreams,
    private readonly destinations: DestinationPolicy,
    private readonly positions: LogPositions,
    private readonly sealer: SecretSealer,
    private readonly fanOut: EndpointFanOut,
  ) {}

  async execute({ request, idempotency }: CreateEndpointCommand): Promise<EndpointState & { idempotentReplay?: boolean }> {
    this.destinations.assertAcceptableCallbackUrl('url', request.url);
    const asked = {
      url: request.url, description: request.description ?? '', eventTypes: request.event_types ?? null, enabled: request.enabled ?? true,
      rateLimit: request.rate_limit ?? null, retrySchedule: request.retry_schedule ?? null, metadata: request.metadata ?? {}, since: request.since ?? null,
    };
    const startsAfter = await this.startingPosition(request.since);
    const endpointId = idempotency ? idempotentId('ep', idempotency, 'endpoints') : newId('ep');
    const secretId = `sec-${randomUUID()}`;
    const sealed = this.sealer.seal(generateEndpointSecret());
    const { since: _since, ...fields } = asked;
    const created = await this.unitOfWork.run(async (batch): Promise<EndpointState & { idempotentReplay?: boolean }> => {
      const now = new Date();
      const command = { type: 'create', endpointId, ...fields, startsAfter, secretId, now, ...(idempotency && { requestDigest: requestDigest(asked) }) } as const;
      const { stream, replayed } = await this.streams.create(batch, command, !idempotency);
      if (replayed) return { ...stream.state!, idempotentReplay: true };
      EndpointSecretsTable.insert(batch, endpointId, { secretId, sealed, createdAt: now });
      EndpointCursorsTable.start(batch, endpointId, startsAfter);
      return stream.state!;
    });
    if (created.enabled && !created.idempotentReplay) this.fanOut.endpointsChanged();
    return created;
  }

  /**
   * The sequence its fan-out starts after: the last one taken now (events numbered up to it, even those still
   * committing, count as before it), or just before what `since` names.
   */
  private async startingPosition(since: unknown): Promise<string> {
    const now = await this.positions.last();
    if (since === undefined || since === null) return now;
    if (typeof since === 'number' && Number.isSafeInteger(since) && since >= 0) {
      if (BigInt(since) > BigInt(now) + 1n) throw new InvalidInputError('since', `since ${since} is past the end of the log (its last sequence is ${now})`);
      return String(Math.max(0, since - 1));
    }
    const at = typeof since === 'string' && isISO8601(since, { strict: true, strictSeparator: true }) ? new Date(since) : undefined;
    if (!at || Number.isNaN(at.getTime())) {
      throw new InvalidInputError('since', 'since must be a feed sequence (an integer of at least 0) or an ISO 8601 time such as 2026-12-01T00:00:00Z');
    }
    if (at.getTime() > Date.now()) throw new InvalidInputError('since', 'since must not be in the future');
    return this.positions.beforeFirstStampedAtOrAfter(at);
  }
}
