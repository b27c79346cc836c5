import { describe, expect, it } from '@jest/globals';
import { eventTypeOf } from '../../platform/domain/domain-event';
import { Step } from './step';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const t1 = new Date('2026-11-25T10:00:01.000Z');

describe('Step aggregate', () => {
  it('completes once; the same outcome again is a no-op; another outcome is refused', () => {
    const step = Step.create('step-1', 'run-1', {}, t0);
    step.complete('failed', 'boom', t1);
    expect(step.pullPendingEvents().events.map(eventTypeOf)).toEqual(['StepCreated', 'StepCompleted']);
    step.complete('failed', undefined, t1);
    step.complete('failed', 'boom', t1);
    expect(step.hasPendingEvents).toBe(false);
    expect(() => step.complete('failed', 'other error', t1)).toThrow('step step-1 is already failed');
    expect(() => step.complete('success', undefined, t1)).toThrow('step step-1 is already failed');
    expect(step.snapshot).toMatchObject({ status: 'failed', error: 'boom', completedAt: t1 });
  });
});
