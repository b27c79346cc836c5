import { describe, expect, it } from '@jest/globals';
import { deliveryForCompletion } from './completion-delivery';

const at = new Date('2026-12-02T10:00:00.000Z');
const completion = (type: string, streamId: string, status = 'completed') => ({ type, streamId, data: { status }, occurredAt: at });

describe('deliveryForCompletion', () => {
  it('a job or run calls back its callback_url with its status, completion time and metadata as its stream says', () => {
    expect(deliveryForCompletion(completion('JobCompleted', 'job-1', 'failed'), { callbackUrl: 'https://ci.example.com:8443/hook?x=1', metadata: { a: 1 } }, undefined)).toEqual({
      kind: 'job', subjectId: 'job-1', url: 'https://ci.example.com:8443/hook?x=1', destinationHost: 'ci.example.com:8443', completedAt: at,
      payload: '{"job_id":"job-1","status":"failed","completed_at":"2026-12-02T10:00:00.000Z","metadata":{"a":1}}',
    });
    expect(deliveryForCompletion(completion('RunCompleted', 'run-1', 'cancelled'), { callbackUrl: 'https://x.example/r', metadata: {} }, undefined)?.payload).toBe(
      '{"run_id":"run-1","status":"cancelled","completed_at":"2026-12-02T10:00:00.000Z","metadata":{}}',
    );
  });

  it('writes metadata keys in the order jsonb stores them (shorter first, then by bytes), at every depth', () => {
    const subject = { callbackUrl: 'https://x.example/cb', metadata: { zeta: 1, a: { yy: [{ b: 1, a: 2 }], x: null }, ab: true } };
    expect(JSON.parse(deliveryForCompletion(completion('JobCompleted', 'job-1'), subject, undefined)!.payload).metadata).toEqual(subject.metadata);
    expect(deliveryForCompletion(completion('JobCompleted', 'job-1'), subject, undefined)!.payload).toContain(
      '"metadata":{"a":{"x":null,"yy":[{"a":2,"b":1}]},"ab":true,"zeta":1}',
    );
  });

  it('a step notifies STEP_COMPLETE_WEBHOOK with its id alone; nothing without a target, and nothing for other events', () => {
    expect(deliveryForCompletion(completion('StepCompleted', 'step-1', 'success'), undefined, 'http://10.0.0.5/steps')).toMatchObject({
      kind: 'step', subjectId: 'step-1', url: 'http://10.0.0.5/steps', payload: '{"step_id":"step-1"}',
    });
    expect(deliveryForCompletion(completion('StepCompleted', 'step-1'), undefined, undefined)).toBeUndefined();
    expect(deliveryForCompletion(completion('JobCompleted', 'job-1'), { callbackUrl: null, metadata: {} }, 'http://10.0.0.5/steps')).toBeUndefined();
    expect(deliveryForCompletion(completion('JobStarted', 'job-1'), { callbackUrl: 'https://x.example/cb' }, undefined)).toBeUndefined();
  });
});
