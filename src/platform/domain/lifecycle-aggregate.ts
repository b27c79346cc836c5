import { AggregateRoot } from './aggregate-root';
import { DomainEvent } from './domain-event';
import { IllegalTransitionError, InvalidInputError, TerminalEntityError } from './domain-error';
import { assertMetadata, assertOneOf } from './input-rules';
import { MAX_METADATA_BYTES, type Metadata, mergeMetadata, metadataBytes } from './metadata';

export interface LifecycleState<S extends string> {
  id: string;
  status: S;
  metadata: Metadata;
  callbackUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface LifecycleRules<S extends string> {
  readonly kind: string;
  readonly statuses: readonly S[];
  readonly initial: S;
  readonly running: S;
  readonly terminal: ReadonlySet<S>;
}

export interface LifecycleChange<S extends string> {
  status?: S;
  metadata?: Metadata;
}

/**
 * The lifecycle shared by jobs and runs: initial -> running -> one terminal status, which is final.
 * Repeating the current status (or a metadata update that changes nothing) is an idempotent no-op;
 * any real change to a terminal entity is a conflict. `completed_at` and the completion event
 * happen exactly once, on the first terminal transition.
 */
export abstract class LifecycleAggregate<S extends string, State extends LifecycleState<S>> extends AggregateRoot {
  protected constructor(
    protected readonly state: State,
    version: number,
    private readonly rules: LifecycleRules<S>,
  ) {
    super(version);
  }

  protected abstract started(now: Date): DomainEvent;
  protected abstract metadataChanged(update: Metadata, now: Date): DomainEvent;
  /** Called after the state already holds the terminal status and completedAt. */
  protected abstract completed(now: Date): DomainEvent;

  get snapshot(): Readonly<State> {
    return this.state;
  }

  get isTerminal(): boolean {
    return this.rules.terminal.has(this.state.status);
  }

  update(change: LifecycleChange<S>, now: Date): void {
    if (change.status !== undefined) assertOneOf('status', change.status, this.rules.statuses);
    if (change.metadata !== undefined) assertMetadata('metadata', change.metadata);
    const mergedMetadata = change.metadata ? mergeMetadata(this.state.metadata, change.metadata) : undefined;
    const target = change.status !== undefined && change.status !== this.state.status ? change.status : undefined;
    if (target === undefined && mergedMetadata === undefined) return;

    const { kind, initial, running, terminal } = this.rules;
    if (this.isTerminal) throw new TerminalEntityError(kind, this.state.id, this.state.status);
    if (target === initial || (target === running && this.state.status !== initial)) {
      throw new IllegalTransitionError(kind, this.state.status, target);
    }

    if (mergedMetadata !== undefined && metadataBytes(mergedMetadata) > MAX_METADATA_BYTES) {
      throw new InvalidInputError('metadata', `metadata after merging would be ${metadataBytes(mergedMetadata)} bytes; at most ${MAX_METADATA_BYTES} are kept`);
    }

    this.state.updatedAt = now;
    if (mergedMetadata !== undefined) {
      this.state.metadata = mergedMetadata;
      this.record(this.metadataChanged(change.metadata!, now));
    }
    if (target === running) {
      this.state.status = target;
      this.record(this.started(now));
    } else if (target !== undefined && terminal.has(target)) {
      this.state.status = target;
      this.state.completedAt = now;
      this.record(this.completed(now));
    }
  }
}
