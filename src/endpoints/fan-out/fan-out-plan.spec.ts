import { describe, expect, it } from '@jest/globals';
import type { FanOutTarget } from '../persistence/endpoint-cursors.table';
import type { FannedOutCompletion } from './endpoint-envelope';
import { endpointDeliveryId, planFanOut } from './fan-out-plan';

const now = new Date('2026-12-03T10:00:00.000Z');
const completedAt = new Date('2026-12-03T09:59:59.000Z');
const target = (endpointId: string, position: string, eventTypes: string[] | null): FanOutTarget => ({
  endpointId, position, url: `https://${endpointId}.test/hook`, destinationHost: `${endpointId}.test`, eventTypes, retrySchedule: null, rateLimit: null, version: 1,
});
const completions: FannedOutCompletion[] = [
  { sequence: '5', type: 'JobCompleted', subjectId: 'job-1', data: { status: 'failed' }, occurredAt: completedAt, metadata: { b: 1, a: 2 } },
  { sequence: '7', type: 'StepCompleted', subjectId: 'step-1', data: { status: 'success', run_id: 'run-1', error: null }, occurredAt: completedAt },
  { sequence: '9', type: 'RunCompleted', subjectId: 'run-1', data: { status: 'completed' }, occurredAt: completedAt, metadata: {} },
];

describe('the fan-out plan', () => {
  it('schedules each subscribed completion past each cursor, and moves every cursor to the end of the pass', () => {
    const plan = planFanOut([target('ep-a', '4', ['job.failed']), target('ep-b', '6', null), target('ep-c', '4', ['run.*'])], completions, '10', now);
    expect(plan.deliveries.map((delivery) => [delivery.endpoint!.endpointId, delivery.endpoint!.eventType, delivery.subjectId])).toEqual([
      ['ep-a', 'job.failed', 'job-1'],
      ['ep-b', 'step.success', 'step-1'],
      ['ep-b', 'run.completed', 'run-1'],
      ['ep-c', 'run.completed', 'run-1'],
    ]);
    expect(plan.moves).toEqual([
      { endpointId: 'ep-a', from: '4', to: '10' }, { endpointId: 'ep-b', from: '6', to: '10' }, { endpointId: 'ep-c', from: '4', to: '10' },
    ]);
  });

  it('builds the envelope byte for byte, with the metadata in jsonb key order, and one id per endpoint × event', () => {
    const [job, step] = planFanOut([target('ep-a', '0', null)], completions, '9', now).deliveries;
    expect(job).toEqual({
      type: 'schedule', deliveryId: endpointDeliveryId('ep-a', '5'), kind: 'job', subjectId: 'job-1', url: 'https://ep-a.test/hook', destinationHost: 'ep-a.test',
      payload: '{"type":"job.failed","timestamp":"2026-12-03T09:59:59.000Z","data":{"job_id":"job-1","status":"failed","completed_at":"2026-12-03T09:59:59.000Z","metadata":{"a":2,"b":1}}}',
      subjectCompletedAt: completedAt, endpoint: { endpointId: 'ep-a', eventType: 'job.failed' }, now,
    });
    expect(step.payload).toBe('{"type":"step.success","timestamp":"2026-12-03T09:59:59.000Z","data":{"step_id":"step-1","run_id":"run-1","status":"success","completed_at":"2026-12-03T09:59:59.000Z"}}');
    expect(endpointDeliveryId('ep-a', '5')).toMatch(/^dlv-[0-9a-f]{32}$/);
    expect(new Set([endpointDeliveryId('ep-a', '5'), endpointDeliveryId('ep-b', '5'), endpointDeliveryId('ep-a', '7')]).size).toBe(3);
  });

  it('a cursor at or past the end of the pass neither moves nor schedules; events past the end wait for the next pass', () => {
    const plan = planFanOut([target('ep-a', '9', null), target('ep-b', '0', null)], completions, '7', now);
    expect(plan.moves).toEqual([{ endpointId: 'ep-b', from: '0', to: '7' }]);
    expect(plan.deliveries.map((delivery) => delivery.subjectId)).toEqual(['job-1', 'step-1']);
  });
});

describe('the fan-out plan under a byte budget', () => {
  it('ends after the last completion that fits (at least one), and moves the cursors only that far', () => {
    const targets = [target('ep-a', '0', null), target('ep-b', '0', null)];
    const one = planFanOut(targets, completions, '10', now).deliveries.slice(0, 2).reduce((sum, delivery) => sum + delivery.payload.length, 0);
    const plan = planFanOut(targets, completions, '10', now, one + 10);
    expect(plan.through).toBe('5');
    expect(plan.deliveries.map((delivery) => [delivery.endpoint!.endpointId, delivery.subjectId])).toEqual([['ep-a', 'job-1'], ['ep-b', 'job-1']]);
    expect(plan.moves).toEqual([{ endpointId: 'ep-a', from: '0', to: '5' }, { endpointId: 'ep-b', from: '0', to: '5' }]);
    expect(planFanOut(targets, completions, '10', now, 1).through).toBe('5'); // one completion even over the budget
    expect(planFanOut(targets, completions, '10', now).through).toBe('10');
  });
});
