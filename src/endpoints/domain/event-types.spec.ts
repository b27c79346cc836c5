import { describe, expect, it } from '@jest/globals';
import { assertEventTypes, completionTypesFor, eventTypeOf, EVENT_TYPES, isEventTypePattern, subscribes } from './event-types';

describe('event types', () => {
  it('names each completion by its subject kind and terminal status; nothing else has a type', () => {
    expect(eventTypeOf('JobCompleted', 'failed')).toBe('job.failed');
    expect(eventTypeOf('JobCompleted', 'expired')).toBe('job.expired');
    expect(eventTypeOf('RunCompleted', 'cancelled')).toBe('run.cancelled');
    expect(eventTypeOf('StepCompleted', 'success')).toBe('step.success');
    expect(eventTypeOf('StepCompleted', 'completed')).toBeUndefined();
    expect(eventTypeOf('JobStarted', 'running')).toBeUndefined();
    expect(eventTypeOf('DeliveryScheduled', 'failed')).toBeUndefined();
  });

  it('matches exact names, kind wildcards, everything, and null (no filter)', () => {
    expect(subscribes(['job.failed'], 'job.failed')).toBe(true);
    expect(subscribes(['job.failed'], 'job.completed')).toBe(false);
    expect(subscribes(['run.*'], 'run.cancelled')).toBe(true);
    expect(subscribes(['run.*'], 'step.cancelled')).toBe(false);
    expect(subscribes(['*'], 'step.success')).toBe(true);
    expect(subscribes(null, 'job.expired')).toBe(true);
    expect(subscribes(['step.*', 'job.completed'], 'job.failed')).toBe(false);
  });

  it('accepts every name and wildcard, refuses the rest naming its place', () => {
    for (const name of [...EVENT_TYPES, 'job.*', 'run.*', 'step.*', '*']) expect(isEventTypePattern(name)).toBe(true);
    for (const name of ['job', 'job.', 'jobs.*', 'job.failed.*', 'JOB.FAILED', '', '**']) expect(isEventTypePattern(name)).toBe(false);
    expect(() => assertEventTypes('event_types', ['job.failed', 7])).toThrow(expect.objectContaining({ field: 'event_types[1]' }) as never);
    expect(() => assertEventTypes('event_types', 'job.failed')).toThrow(expect.objectContaining({ field: 'event_types' }) as never);
    expect(() => assertEventTypes('event_types', Array(51).fill('*'))).toThrow(expect.objectContaining({ field: 'event_types' }) as never);
    expect(() => assertEventTypes('event_types', null)).not.toThrow();
  });

  it('names the completion events a subscription needs read', () => {
    expect(completionTypesFor(null)).toEqual(['JobCompleted', 'RunCompleted', 'StepCompleted']);
    expect(completionTypesFor(['*'])).toEqual(['JobCompleted', 'RunCompleted', 'StepCompleted']);
    expect(completionTypesFor(['run.failed'])).toEqual(['RunCompleted']);
    expect(completionTypesFor(['step.*', 'job.expired'])).toEqual(['JobCompleted', 'StepCompleted']);
  });
});
