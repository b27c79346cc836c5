import { AggregateRoot } from '../../platform/domain/aggregate-root';
import { TerminalEntityError } from '../../platform/domain/domain-error';
import { assertMetadata, assertOneOf, assertOptionalText } from '../../platform/domain/input-rules';
import type { Metadata } from '../../platform/domain/metadata';
import { StepCompletedEvent } from '../events/step-completed.event';
import { StepCreatedEvent } from '../events/step-created.event';
import { STEP_TERMINAL_STATUSES, type StepStatus, type StepTerminalStatus } from './step-status';

export const MAX_STEP_ERROR_LENGTH = 10_000;

export interface StepState {
  id: string;
  runId: string;
  status: StepStatus;
  error: string | null;
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/** pending -> success | failed | cancelled, once. Repeating the same outcome is an idempotent no-op. */
export class Step extends AggregateRoot {
  private constructor(
    private readonly state: StepState,
    version: number,
  ) {
    super(version);
  }

  static create(id: string, runId: string, metadata: Metadata, now: Date): Step {
    assertMetadata('metadata', metadata);
    const step = new Step(
      { id, runId, status: 'pending', error: null, metadata, createdAt: now, updatedAt: now, completedAt: null },
      0,
    );
    step.record(new StepCreatedEvent(id, now, runId, metadata));
    return step;
  }

  static restore(state: StepState, version: number): Step {
    return new Step(state, version);
  }

  get snapshot(): Readonly<StepState> {
    return this.state;
  }

  complete(status: StepTerminalStatus, error: string | undefined, now: Date): void {
    assertOneOf('status', status, STEP_TERMINAL_STATUSES);
    assertOptionalText('error', error, MAX_STEP_ERROR_LENGTH);
    if (this.state.status !== 'pending') {
      const sameOutcome = this.state.status === status && (error === undefined || error === this.state.error);
      if (sameOutcome) return;
      throw new TerminalEntityError('step', this.state.id, this.state.status);
    }
    Object.assign(this.state, { status, error: error ?? null, updatedAt: now, completedAt: now });
    this.record(new StepCompletedEvent(this.state.id, now, this.state.runId, status, error ?? null));
  }
}
