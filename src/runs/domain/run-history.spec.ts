import { describe, expect, it } from '@jest/globals';
import { LifecycleHistory } from '../../platform/domain/lifecycle-history';
import { recordedEvents } from '../../../test/support/recorded-events';
import { Run, type RunState } from './run';

const t = (second: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, second));


describe('LifecycleHistory for runs', () => {
  it('a run keeps its agent_id; a step added touches updatedAt only', () => {
    const run = Run.create('run-1', 'agent-7', null, {}, t(0));
    run.addStep('step-1', t(1));
    run.update({ status: 'failed' }, t(2));
    const expected = { ...run.snapshot };
    const history = new LifecycleHistory<RunState>('Run', 'run-1', (created) => ({ agentId: created.agent_id ?? null }));
    for (const event of recordedEvents(run)) history.apply(event);
    expect(history.result()).toEqual({ state: expected, version: 3 });
  });

});
