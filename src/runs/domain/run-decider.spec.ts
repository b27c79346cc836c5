import { describe, expect, it } from '@jest/globals';
import { replay, run } from '../../../test/support/decider-harness';
import { DomainError, InvalidInputError } from '../../platform/domain/domain-error';
import type { RunCommand } from './run-command';
import { MAX_AGENT_ID_LENGTH, RUN_DECIDER } from './run-decider';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const t1 = new Date('2026-11-25T10:00:01.000Z');
const create = (agentId: string | null = 'agent-7'): RunCommand => ({ type: 'create', id: 'run-1', agentId, callbackUrl: null, metadata: { m: 1 }, now: t0 });
const addStep = (stepId: string): RunCommand => ({ type: 'addStep', id: 'run-1', stepId, now: t1 });

describe('the run decider', () => {
  it('keeps the agent, records each step joining, and replays to the same state', () => {
    const decided = run(RUN_DECIDER, [create(), addStep('step-1'), { type: 'update', id: 'run-1', status: 'completed', now: t1 }]);
    expect(decided.events.map((event) => [event.type, event.data.step_id])).toEqual([
      ['RunCreated', undefined], ['RunStepAdded', 'step-1'], ['RunCompleted', undefined],
    ]);
    expect(decided.state).toEqual({
      id: 'run-1', agentId: 'agent-7', status: 'completed', metadata: { m: 1 }, callbackUrl: null, createdAt: t0, updatedAt: t1, completedAt: t1,
    });
    expect(replay(RUN_DECIDER, decided.events)).toEqual(decided.state);
  });

  it('refuses a step joining a terminal run with a conflict naming its status', () => {
    const failed = run(RUN_DECIDER, [create(), { type: 'update', id: 'run-1', status: 'failed', now: t1 }]);
    expect(() => RUN_DECIDER.decide(addStep('step-2'), failed.state)).toThrow(new DomainError('conflict', 'run run-1 is already failed; steps cannot be added to it'));
  });

  it('refuses an empty, overlong or unstorable agent_id, naming the field; a missing one is null', () => {
    for (const agentId of ['', 'a'.repeat(MAX_AGENT_ID_LENGTH + 1), 'a\u0000b']) {
      expect(() => RUN_DECIDER.decide(create(agentId), undefined)).toThrow(expect.objectContaining({ field: 'agent_id' }));
    }
    expect(() => RUN_DECIDER.decide(create(''), undefined)).toThrow(InvalidInputError);
    expect(run(RUN_DECIDER, [create(null)]).state).toMatchObject({ agentId: null });
  });

  it('a job stream replays to no run', () => {
    expect(replay(RUN_DECIDER, [{ streamId: 'job-1', version: 1, type: 'JobCreated', data: { metadata: {} }, occurredAt: t0 }])).toBeUndefined();
  });
});
