import { describe, expect, it } from '@jest/globals';
import { recordedEvents } from '../../../test/support/recorded-events';
import { Step } from './step';
import { StepHistory } from './step-history';

describe('StepHistory', () => {
  it('replays a step to the state the aggregate had, error included', () => {
    const step = Step.create('step-1', 'run-1', { n: 1 }, new Date('2026-11-26T10:00:00Z'));
    step.complete('failed', 'boom', new Date('2026-11-26T10:00:05Z'));
    const expected = { ...step.snapshot };
    const history = new StepHistory('step-1');
    for (const event of recordedEvents(step)) history.apply(event);
    expect(history.result()).toEqual({ state: expected, version: 2 });
  });
});
