import { describe, expect, it } from '@jest/globals';
import { replay, run } from '../../../test/support/decider-harness';
import { EntityNotFoundError, InvalidInputError } from '../../platform/domain/domain-error';
import type { StepCommand } from './step-command';
import { MAX_STEP_ERROR_LENGTH, STEP_DECIDER } from './step-decider';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const t1 = new Date('2026-11-25T10:00:01.000Z');
const create: StepCommand = { type: 'create', stepId: 'step-1', runId: 'run-1', metadata: { n: 1 }, now: t0 };
const complete = (status: 'success' | 'failed' | 'cancelled', error?: string): StepCommand => ({ type: 'complete', stepId: 'step-1', status, error, now: t1 });

describe('the step decider', () => {
  it('creates pending, completes once with its error; the stream replays to the same state', () => {
    const done = run(STEP_DECIDER, [create, complete('failed', 'boom')]);
    expect(done.events.map((event) => [event.type, event.data])).toEqual([
      ['StepCreated', { step_id: 'step-1', run_id: 'run-1', metadata: { n: 1 }, created_at: t0.toISOString() }],
      ['StepCompleted', { step_id: 'step-1', run_id: 'run-1', status: 'failed', error: 'boom', completed_at: t1.toISOString() }],
    ]);
    expect(done.state).toEqual({ id: 'step-1', runId: 'run-1', status: 'failed', error: 'boom', metadata: { n: 1 }, createdAt: t0, updatedAt: t1, completedAt: t1 });
    expect(replay(STEP_DECIDER, done.events)).toEqual(done.state);
  });

  it('the same outcome again is a no-op (with or without its error); another outcome is refused', () => {
    const done = run(STEP_DECIDER, [create, complete('failed', 'boom')]);
    expect(run(STEP_DECIDER, [complete('failed')], done).last).toEqual([]);
    expect(run(STEP_DECIDER, [complete('failed', 'boom')], done).last).toEqual([]);
    expect(() => STEP_DECIDER.decide(complete('failed', 'other error'), done.state)).toThrow('step step-1 is already failed');
    expect(() => STEP_DECIDER.decide(complete('success'), done.state)).toThrow('step step-1 is already failed');
  });

  it.each(['success', 'failed', 'cancelled'] as const)('completes a pending step as %s', (status) => {
    expect(run(STEP_DECIDER, [create, complete(status)]).state).toMatchObject({ status, completedAt: t1 });
  });

  it('refuses, naming the field: an unknown status, an overlong or unstorable error, metadata that is not an object', () => {
    const created = run(STEP_DECIDER, [create]).state;
    const refusal = (command: StepCommand) => () => STEP_DECIDER.decide(command, created);
    expect(refusal({ type: 'complete', stepId: 'step-1', status: 'done' as never, error: undefined, now: t1 })).toThrow(new InvalidInputError('status', 'status must be one of the following values: success, failed, cancelled'));
    expect(refusal(complete('failed', 'x'.repeat(MAX_STEP_ERROR_LENGTH + 1)))).toThrow(InvalidInputError);
    expect(refusal(complete('failed', 'a\u0000b'))).toThrow('error contains a NUL character or an unpaired surrogate');
    expect(() => STEP_DECIDER.decide({ ...create, metadata: [] as never }, undefined)).toThrow(InvalidInputError);
  });

  it('a step that does not exist is not found; a stream of another kind replays to nothing', () => {
    expect(() => STEP_DECIDER.decide(complete('success'), undefined)).toThrow(new EntityNotFoundError('step', 'step-1'));
    expect(replay(STEP_DECIDER, [{ streamId: 'run-1', version: 1, type: 'RunCreated', data: {}, occurredAt: t0 }])).toBeUndefined();
  });
});
