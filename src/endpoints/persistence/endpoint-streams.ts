import { Injectable } from '@nestjs/common';
import type { WriteBatch } from '../../platform/database/write-batch';
import { type CommandOutcome, EventSourcedRepository } from '../../platform/event-store/event-sourced-repository';
import { EventStore } from '../../platform/event-store/event-store';
import type { CreateEndpoint, EndpointCommand, RotateEndpointSecret, UpdateEndpoint } from '../domain/endpoint-command';
import { ENDPOINT_DECIDER } from '../domain/endpoint-decider';
import type { EndpointState } from '../domain/endpoint-state';
import { EndpointProjection } from './endpoint.projection';

/** The endpoints' streams: each command decided on the stream's state, its events appended and its row projected, in the caller's unit of work. */
@Injectable()
export class EndpointStreams {
  private readonly streams: EventSourcedRepository<EndpointCommand, EndpointState>;

  constructor(eventStore: EventStore) {
    this.streams = new EventSourcedRepository(eventStore, {
      streamType: 'endpoint',
      decider: ENDPOINT_DECIDER,
      projections: [new EndpointProjection()],
      keepRecent: (state) => state.deletedAt === null,
      sizeOf: (state) => JSON.stringify(state).length * 2 + 200,
    });
  }

  /** A create under a fresh id, or (Idempotency-Key) an id derived from the key: a repeat answers the first. */
  create(batch: WriteBatch, command: CreateEndpoint, freshId: boolean): Promise<CommandOutcome<EndpointState>> {
    return this.streams.run(batch, command.endpointId, command, { create: true, freshId });
  }

  /** An update, answering the state before it too (what changed decides what follows). */
  async update(batch: WriteBatch, command: UpdateEndpoint): Promise<{ before: EndpointState; after: EndpointState; changed: boolean }> {
    const before = await this.streams.load(batch, command.endpointId);
    const after = this.streams.execute(batch, before, command);
    return { before: before.state!, after: after.state!, changed: after !== before };
  }

  /** A rotation, answering which secret it replaced (its expiry is written beside the event). */
  async rotateSecret(batch: WriteBatch, command: RotateEndpointSecret): Promise<{ previousSecretId: string; state: EndpointState }> {
    const before = await this.streams.load(batch, command.endpointId);
    const after = this.streams.execute(batch, before, command);
    return { previousSecretId: before.state!.secretId, state: after.state! };
  }

  run(batch: WriteBatch, command: Exclude<EndpointCommand, CreateEndpoint>): Promise<CommandOutcome<EndpointState>> {
    return this.streams.run(batch, command.endpointId, command, { create: false, freshId: false });
  }
}
