import type { DomainEvent } from '../platform/domain/domain-event';
import type { Metadata } from '../platform/domain/metadata';
import type { LifecycleCommand } from './lifecycle-command';
import type { LifecycleState } from './lifecycle-state';

type CreateCommand = Extract<LifecycleCommand, { type: 'create' }>;

/** What tells jobs and runs apart: their statuses, their events, and what a run's creation adds. */
export interface LifecycleKind<State extends LifecycleState> {
  /** 'job' or 'run': the stream type and the word in messages. */
  readonly name: string;
  /** 'Job' or 'Run': the prefix of the stream's event types. */
  readonly eventPrefix: string;
  readonly statuses: readonly string[];
  readonly initial: string;
  readonly running: string;
  readonly terminal: ReadonlySet<string>;
  created(command: CreateCommand): DomainEvent;
  started(id: string, now: Date): DomainEvent;
  metadataChanged(id: string, now: Date, update: Metadata): DomainEvent;
  callbackUrlChanged(id: string, now: Date, url: string): DomainEvent;
  /** `state` already holds the terminal status and the merged metadata. */
  completed(state: State, now: Date): DomainEvent;
  /** The state's fields beyond the shared ones, from the created event's data. */
  fromCreated(data: Record<string, unknown>): Omit<State, keyof LifecycleState>;
}
