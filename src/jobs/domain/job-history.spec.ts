import { describe, expect, it } from '@jest/globals';
import { LifecycleHistory } from '../../platform/domain/lifecycle-history';
import { recordedEvents } from '../../../test/support/recorded-events';
import { Run } from '../../runs/domain/run';
import { Job, type JobState } from './job';

const t = (second: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, second));


describe('LifecycleHistory: replaying a stream gives the state the aggregate had', () => {
  it('a job through metadata merges, start and completion', () => {
    const job = Job.create('job-1', 'https://x.example/cb', { a: 1 }, t(0));
    job.update({ metadata: { b: 2 } }, t(1));
    job.update({ status: 'running', metadata: { a: 3 } }, t(2));
    job.update({ status: 'completed' }, t(3));
    const expected = { ...job.snapshot };
    const history = new LifecycleHistory<JobState>('Job', 'job-1');
    for (const event of recordedEvents(job)) history.apply(event);
    expect(history.result()).toEqual({ state: expected, version: 5 });
    expect(expected).toMatchObject({ status: 'completed', metadata: { a: 3, b: 2 }, completedAt: t(3), updatedAt: t(3), createdAt: t(0) });
  });

  it('a stream of another kind, or none, replays to nothing', () => {
    const run = Run.create('run-1', null, null, {}, t(0));
    const history = new LifecycleHistory<JobState>('Job', 'run-1');
    for (const event of recordedEvents(run)) history.apply(event);
    expect(history.result()).toBeUndefined();
    expect(new LifecycleHistory<JobState>('Job', 'job-x').result()).toBeUndefined();
  });
});
