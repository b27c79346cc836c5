import { isDeepStrictEqual } from 'node:util';
import type { Decider } from '../../platform/domain/decider';
import { DomainError, EntityNotFoundError, TerminalEntityError } from '../../platform/domain/domain-error';
import { assertMetadata, assertOneOf, assertOptionalText } from '../../platform/domain/input-rules';
import { StepCompletedEvent } from '../events/step-completed.event';
import { StepCreatedEvent } from '../events/step-created.event';
import type { StepCommand } from './step-command';
import { asStored, assertStepMetrics, type StepMetrics } from './step-metrics';
import type { StepState } from './step-state';
import { STEP_TERMINAL_STATUSES } from './step-status';

export const MAX_STEP_ERROR_LENGTH = 10_000;

/** pending -> success | failed | cancelled, once. Repeating the same outcome is an idempotent no-op. */
export const STEP_DECIDER: Decider<StepCommand, StepState> = {
  decide(command, state) {
    if (command.type === 'create') {
      if (state) {
        // An idempotent repeat asks the same (nothing new); anything else reused the key.
        if (command.requestDigest !== undefined && command.requestDigest === state.requestDigest) return [];
        throw new DomainError('conflict', 'idempotency-key was first used with a different request; use a new key for a new step', 'idempotency-key');
      }
      assertMetadata('metadata', command.metadata);
      return [new StepCreatedEvent(command.stepId, command.now, command.runId, command.metadata, command.requestDigest)];
    }
    const { stepId, status, error, metrics, now } = command;
    if (!state) throw new EntityNotFoundError('step', stepId);
    assertOneOf('status', status, STEP_TERMINAL_STATUSES);
    assertOptionalText('error', error, MAX_STEP_ERROR_LENGTH);
    if (metrics !== undefined) assertStepMetrics('metrics', metrics);
    if (state.status !== 'pending') {
      if (state.status === status && (error === undefined || error === state.error) && sameMetrics(metrics, state.metrics)) return [];
      throw new TerminalEntityError('step', stepId, state.status);
    }
    return [new StepCompletedEvent(stepId, now, state.runId, status, error ?? null, metrics && asStored(metrics))];
  },

  evolve(state, { streamId, type, data, occurredAt }) {
    if (type === 'StepCreated') {
      const created: StepState = { id: streamId, runId: data.run_id, status: 'pending', error: null, metadata: data.metadata ?? {}, metrics: {}, createdAt: occurredAt, updatedAt: occurredAt, completedAt: null };
      return data.request_digest === undefined ? created : { ...created, requestDigest: data.request_digest };
    }
    if (!state) return undefined; // not a step's stream
    if (type === 'StepCompleted') return { ...state, status: data.status, error: data.error ?? null, metrics: data.metrics ?? {}, updatedAt: occurredAt, completedAt: occurredAt };
    return { ...state, updatedAt: occurredAt };
  },
};

/** A repeat that names no metrics asks nothing of them; one that does must name the recorded ones (in any key order). */
function sameMetrics(asked: StepMetrics | undefined, recorded: StepMetrics): boolean {
  return asked === undefined || isDeepStrictEqual(asStored(asked), recorded);
}
