import { LifecycleAggregate, LifecycleState } from '../../platform/domain/lifecycle-aggregate';
import { assertMetadata, assertOptionalText } from '../../platform/domain/input-rules';
import type { Metadata } from '../../platform/domain/metadata';
import { RunCompletedEvent } from '../events/run-completed.event';
import { RunCreatedEvent } from '../events/run-created.event';
import { RunMetadataChangedEvent } from '../events/run-metadata-changed.event';
import { RunStartedEvent } from '../events/run-started.event';
import { RunStepAddedEvent } from '../events/run-step-added.event';
import { DomainError } from '../../platform/domain/domain-error';
import { RUN_STATUSES, RUN_TERMINAL_STATUSES, type RunStatus, type RunTerminalStatus } from './run-status';

export const MAX_AGENT_ID_LENGTH = 200;

export interface RunState extends LifecycleState<RunStatus> {
  agentId: string | null;
}

const RUN_RULES = { kind: 'run', statuses: RUN_STATUSES, initial: 'created', running: 'running', terminal: RUN_TERMINAL_STATUSES } as const;

export class Run extends LifecycleAggregate<RunStatus, RunState> {
  private constructor(state: RunState, version: number) {
    super(state, version, RUN_RULES);
  }

  static create(id: string, agentId: string | null, callbackUrl: string | null, metadata: Metadata, now: Date): Run {
    assertOptionalText('agent_id', agentId, MAX_AGENT_ID_LENGTH, 1);
    assertMetadata('metadata', metadata);
    const run = new Run(
      { id, agentId, status: 'created', metadata, callbackUrl, createdAt: now, updatedAt: now, completedAt: null },
      0,
    );
    run.record(new RunCreatedEvent(id, now, agentId, callbackUrl, metadata));
    return run;
  }

  static restore(state: RunState, version: number): Run {
    return new Run(state, version);
  }

  /** Steps may join a run only while it is not terminal. */
  addStep(stepId: string, now: Date): void {
    if (this.isTerminal) {
      throw new DomainError('conflict', `run ${this.state.id} is already ${this.state.status}; steps cannot be added to it`);
    }
    this.state.updatedAt = now;
    this.record(new RunStepAddedEvent(this.state.id, now, stepId));
  }

  cancel(now: Date): void {
    this.update({ status: 'cancelled' }, now);
  }

  protected started(now: Date) {
    return new RunStartedEvent(this.state.id, now);
  }

  protected metadataChanged(update: Metadata, now: Date) {
    return new RunMetadataChangedEvent(this.state.id, now, update);
  }

  protected completed(now: Date) {
    const { id, status, metadata, callbackUrl } = this.state;
    return new RunCompletedEvent(id, now, status as RunTerminalStatus, metadata, callbackUrl);
  }
}
