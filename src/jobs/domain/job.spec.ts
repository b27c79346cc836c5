import { describe, expect, it } from '@jest/globals';
import { IllegalTransitionError, TerminalEntityError } from '../../platform/domain/domain-error';
import { eventTypeOf } from '../../platform/domain/domain-event';
import { JobCompletedEvent } from '../events/job-completed.event';
import { Job } from './job';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const t1 = new Date('2026-11-25T10:00:01.000Z');
const t2 = new Date('2026-11-25T10:00:02.000Z');

const types = (job: Job) => job.pullPendingEvents().events.map(eventTypeOf);

describe('Job aggregate', () => {
  it('records JobCreated, then JobStarted, then exactly one JobCompleted', () => {
    const job = Job.create('job-1', 'https://x.example/cb', { a: 1 }, t0);
    expect(types(job)).toEqual(['JobCreated']);
    job.update({ status: 'running' }, t1);
    expect(types(job)).toEqual(['JobStarted']);
    job.update({ status: 'failed', metadata: { reason: 'oom' } }, t2);
    const { events, firstVersion } = job.pullPendingEvents();
    expect(firstVersion).toBe(3);
    expect(events.map(eventTypeOf)).toEqual(['JobMetadataChanged', 'JobCompleted']);
    const completed = events[1] as JobCompletedEvent;
    expect(completed).toMatchObject({ jobId: 'job-1', status: 'failed', metadata: { a: 1, reason: 'oom' }, callbackUrl: 'https://x.example/cb' });
    expect(job.snapshot.completedAt).toEqual(t2);
    expect(job.version).toBe(4);
  });

  it('ignores the same terminal status again and refuses any other change', () => {
    const job = Job.create('job-1', null, {}, t0);
    job.update({ status: 'completed' }, t1);
    job.pullPendingEvents();
    job.update({ status: 'completed' }, t2);
    expect(job.hasPendingEvents).toBe(false);
    expect(job.snapshot.completedAt).toEqual(t1);
    expect(() => job.update({ status: 'cancelled' }, t2)).toThrow(TerminalEntityError);
    expect(() => job.update({ metadata: { late: true } }, t2)).toThrow(TerminalEntityError);
    expect(() => job.cancel(t2)).toThrow('job job-1 is already completed; a terminal job cannot change');
  });

  it('refuses to go back to created or to start twice from running', () => {
    const job = Job.create('job-1', null, {}, t0);
    job.update({ status: 'running' }, t1);
    expect(() => job.update({ status: 'created' }, t2)).toThrow(IllegalTransitionError);
    job.update({ status: 'running' }, t2); // same status: no-op
    expect(types(job)).toEqual(['JobCreated', 'JobStarted']);
  });

  const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'] as const;
  const ALL = ['created', 'running', ...TERMINAL] as const;
  it.each(TERMINAL.flatMap((terminal) => ALL.filter((next) => next !== terminal).map((next) => [terminal, next])))(
    'refuses %s -> %s naming the current status, and records nothing',
    (terminal, next) => {
      const job = Job.create('job-1', null, {}, t0);
      job.update({ status: terminal }, t1);
      job.pullPendingEvents();
      expect(() => job.update({ status: next }, t2)).toThrow(new TerminalEntityError('job', 'job-1', terminal));
      expect(job.hasPendingEvents).toBe(false);
      expect(job.snapshot.status).toBe(terminal);
    },
  );

  it.each(TERMINAL)('reaches %s from created and from running', (terminal) => {
    const fromCreated = Job.create('job-1', null, {}, t0);
    fromCreated.update({ status: terminal }, t1);
    const fromRunning = Job.create('job-2', null, {}, t0);
    fromRunning.update({ status: 'running' }, t1);
    fromRunning.update({ status: terminal }, t2);
    expect([types(fromCreated), types(fromRunning)]).toEqual([
      ['JobCreated', 'JobCompleted'],
      ['JobCreated', 'JobStarted', 'JobCompleted'],
    ]);
  });

  it('does not record a metadata change that changes nothing', () => {
    const job = Job.create('job-1', null, { a: 1 }, t0);
    job.pullPendingEvents();
    job.update({ metadata: { a: 1 } }, t1);
    expect(job.hasPendingEvents).toBe(false);
    expect(job.snapshot.updatedAt).toEqual(t0);
  });
});
