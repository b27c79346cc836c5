import { callbackUrlMessage, isWellFormedCallbackUrl } from '../platform/destination/is-callback-url.validator';
import type { Decider } from '../platform/domain/decider';
import type { DomainEvent } from '../platform/domain/domain-event';
import { DomainError, EntityNotFoundError, IllegalTransitionError, InvalidInputError, TerminalEntityError } from '../platform/domain/domain-error';
import { assertMetadata, assertOneOf } from '../platform/domain/input-rules';
import { MAX_METADATA_BYTES, mergeMetadata, metadataBytes } from '../platform/domain/metadata';
import type { RecordedEvent } from '../platform/domain/recorded-event';
import type { LifecycleCommand } from './lifecycle-command';
import type { LifecycleKind } from './lifecycle-kind';
import type { LifecycleState } from './lifecycle-state';

/**
 * The lifecycle shared by jobs and runs: initial -> running -> one terminal status, which is final.
 * Repeating the current status (or a metadata update that changes nothing) is an idempotent no-op;
 * any real change to a terminal entity is a conflict, but for its callback URL (re-pointing an undelivered
 * callback: whether it was delivered is the webhooks' to say, in the same unit of work). `completed_at` and the completion event
 * happen exactly once, on the first terminal transition.
 */
export class LifecycleDecider<State extends LifecycleState> implements Decider<LifecycleCommand, State> {
  constructor(private readonly kind: LifecycleKind<State>) {}

  isTerminal(state: State): boolean {
    return this.kind.terminal.has(state.status);
  }

  decide(command: LifecycleCommand, state: State | undefined): DomainEvent[] {
    const { kind } = this;
    if (command.type === 'create') {
      if (state) return this.repeatedCreate(command.requestDigest, state);
      // Checked here too, not only over HTTP: a command sent on the CommandBus obeys the same rules.
      if (command.callbackUrl !== null && !isWellFormedCallbackUrl(command.callbackUrl)) {
        throw new InvalidInputError('callback_url', callbackUrlMessage('callback_url'));
      }
      assertMetadata('metadata', command.metadata);
      return [kind.created(command)];
    }
    const { id, status, metadata, callbackUrl, now } = command;
    if (!state) throw new EntityNotFoundError(kind.name, id);
    if (status !== undefined) assertOneOf('status', status, kind.statuses);
    if (metadata !== undefined) assertMetadata('metadata', metadata);
    if (callbackUrl !== undefined && !isWellFormedCallbackUrl(callbackUrl)) throw new InvalidInputError('callback_url', callbackUrlMessage('callback_url'));
    const merged = metadata ? mergeMetadata(state.metadata, metadata) : undefined;
    const target = status !== undefined && status !== state.status ? status : undefined;
    const repointed = callbackUrl !== undefined && callbackUrl !== state.callbackUrl ? [kind.callbackUrlChanged(id, now, callbackUrl)] : [];
    if (target === undefined && merged === undefined) return repointed;

    if (this.isTerminal(state)) throw new TerminalEntityError(kind.name, id, state.status);
    if (target === kind.initial || (target === kind.running && state.status !== kind.initial)) {
      throw new IllegalTransitionError(kind.name, state.status, target);
    }
    if (merged !== undefined && metadataBytes(merged) > MAX_METADATA_BYTES) {
      throw new InvalidInputError('metadata', `metadata after merging would be ${metadataBytes(merged)} bytes; at most ${MAX_METADATA_BYTES} are kept`);
    }
    const events: DomainEvent[] = [...repointed];
    if (merged !== undefined) events.push(kind.metadataChanged(id, now, metadata!));
    if (target === kind.running) events.push(kind.started(id, now));
    else if (target !== undefined) events.push(kind.completed({ ...state, status: target, metadata: merged ?? state.metadata }, now));
    return events;
  }

  /** A create whose id exists already: an idempotent repeat if it asks the same (nothing new), else a reused key. */
  private repeatedCreate(requestDigest: string | undefined, state: State): DomainEvent[] {
    if (requestDigest !== undefined && requestDigest === state.requestDigest) return [];
    throw new DomainError('conflict', `idempotency-key was first used with a different request; use a new key for a new ${this.kind.name}`, 'idempotency-key');
  }

  evolve(state: State | undefined, { streamId, type, data, occurredAt: at }: RecordedEvent): State | undefined {
    const prefix = this.kind.eventPrefix;
    if (type === `${prefix}Created`) {
      const shared = { id: streamId, status: this.kind.initial, metadata: data.metadata ?? {}, callbackUrl: data.callback_url ?? null, createdAt: at, updatedAt: at, completedAt: null };
      if (data.request_digest !== undefined) Object.assign(shared, { requestDigest: data.request_digest });
      return { ...shared, ...this.kind.fromCreated(data) } as State;
    }
    if (!state) return undefined; // not a stream of this kind
    if (type === `${prefix}Started`) return { ...state, status: this.kind.running, updatedAt: at };
    if (type === `${prefix}CallbackUrlChanged`) return { ...state, callbackUrl: data.callback_url, updatedAt: at };
    if (type === `${prefix}MetadataChanged`) return { ...state, metadata: { ...state.metadata, ...data.metadata }, updatedAt: at };
    if (type === `${prefix}Completed`) return { ...state, status: data.status, completedAt: at, updatedAt: at };
    return { ...state, updatedAt: at };
  }
}
