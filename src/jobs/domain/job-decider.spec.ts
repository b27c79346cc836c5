import { describe, expect, it } from '@jest/globals';
import { type Decided, replay, run } from '../../../test/support/decider-harness';
import type { LifecycleCommand } from '../../lifecycle/lifecycle-command';
import { EntityNotFoundError, IllegalTransitionError, InvalidInputError, TerminalEntityError } from '../../platform/domain/domain-error';
import { JobCompletedEvent } from '../events/job-completed.event';
import { JOB_DECIDER, type JobState } from './job-decider';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const t1 = new Date('2026-11-25T10:00:01.000Z');
const t2 = new Date('2026-11-25T10:00:02.000Z');

const create = (callbackUrl: string | null = null, metadata = {}): LifecycleCommand => ({ type: 'create', id: 'job-1', callbackUrl, metadata, now: t0 });
const update = (change: { status?: string; metadata?: object; callbackUrl?: string }, now = t1): LifecycleCommand => ({ type: 'update', id: 'job-1', ...change, now });
const types = (decided: Decided<JobState>) => decided.last.map((event) => event.type);

const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'] as const;
const ALL = ['created', 'running', ...TERMINAL] as const;

describe('the job decider', () => {
  it('decides JobCreated, then JobStarted, then exactly one JobCompleted; the state after it holds what its callback needs', () => {
    const created = run(JOB_DECIDER, [create('https://x.example/cb', { a: 1 })]);
    expect(types(created)).toEqual(['JobCreated']);
    const started = run(JOB_DECIDER, [update({ status: 'running' })], created);
    expect(types(started)).toEqual(['JobStarted']);
    const events = JOB_DECIDER.decide(update({ status: 'failed', metadata: { reason: 'oom' } }, t2), started.state);
    expect(events.map((event) => event.constructor.name)).toEqual(['JobMetadataChangedEvent', 'JobCompletedEvent']);
    expect(events[1] as JobCompletedEvent).toMatchObject({ jobId: 'job-1', status: 'failed', occurredAt: t2 });
    const done = run(JOB_DECIDER, [update({ status: 'failed', metadata: { reason: 'oom' } }, t2)], started);
    expect(done.events.map((event) => event.version)).toEqual([1, 2, 3, 4]);
    expect(done.state).toEqual({
      id: 'job-1', status: 'failed', metadata: { a: 1, reason: 'oom' }, callbackUrl: 'https://x.example/cb', createdAt: t0, updatedAt: t2, completedAt: t2,
    });
    expect(replay(JOB_DECIDER, done.events)).toEqual(done.state);
  });

  it('merges metadata shallowly, the update\'s keys winning; a merge that changes nothing decides nothing', () => {
    const created = run(JOB_DECIDER, [create(null, { a: 1, b: { x: 1 } })]);
    expect(run(JOB_DECIDER, [update({ metadata: { a: 1 } })], created).last).toEqual([]);
    const merged = run(JOB_DECIDER, [update({ metadata: { b: { y: 2 }, c: 3 } })], created);
    expect(merged.last.map((event) => [event.type, event.data])).toEqual([['JobMetadataChanged', { job_id: 'job-1', metadata: { b: { y: 2 }, c: 3 } }]]);
    expect(merged.state).toMatchObject({ metadata: { a: 1, b: { y: 2 }, c: 3 }, updatedAt: t1 });
  });

  it('ignores the same terminal status again and refuses any other change', () => {
    const done = run(JOB_DECIDER, [create(), update({ status: 'completed' })]);
    expect(run(JOB_DECIDER, [update({ status: 'completed' }, t2)], done).last).toEqual([]);
    expect(() => JOB_DECIDER.decide(update({ status: 'cancelled' }), done.state)).toThrow(TerminalEntityError);
    expect(() => JOB_DECIDER.decide(update({ metadata: { late: true } }), done.state)).toThrow(TerminalEntityError);
    expect(() => JOB_DECIDER.decide(update({ status: 'cancelled' }), done.state)).toThrow('job job-1 is already completed; a terminal job cannot change');
  });

  it('re-points the callback before and after completion (whether it was delivered is the webhooks\' to say); the same URL is a no-op', () => {
    const done = run(JOB_DECIDER, [create('https://old.test/a'), update({ status: 'completed' })]);
    const moved = run(JOB_DECIDER, [update({ callbackUrl: 'https://new.test/b' }, t2)], done);
    expect(moved.last.map((event) => [event.type, event.data])).toEqual([['JobCallbackUrlChanged', { job_id: 'job-1', callback_url: 'https://new.test/b' }]]);
    expect(moved.state).toMatchObject({ status: 'completed', callbackUrl: 'https://new.test/b', updatedAt: t2, completedAt: t1 });
    expect(run(JOB_DECIDER, [update({ callbackUrl: 'https://new.test/b' })], moved).last).toEqual([]);
    expect(() => JOB_DECIDER.decide(update({ callbackUrl: 'https://new.test/c', status: 'failed' }), done.state)).toThrow(TerminalEntityError);
    expect(() => JOB_DECIDER.decide(update({ callbackUrl: 'not a url' }), done.state)).toThrow(InvalidInputError);
    expect(replay(JOB_DECIDER, moved.events)).toEqual(moved.state);
  });

  it('refuses to go back to created or to start twice from running; the same status again is a no-op', () => {
    const started = run(JOB_DECIDER, [create(), update({ status: 'running' })]);
    expect(() => JOB_DECIDER.decide(update({ status: 'created' }), started.state)).toThrow(IllegalTransitionError);
    expect(run(JOB_DECIDER, [update({ status: 'running' })], started).last).toEqual([]);
  });

  it.each(TERMINAL.flatMap((terminal) => ALL.filter((next) => next !== terminal).map((next) => [terminal, next])))(
    'refuses %s -> %s naming the current status, and decides nothing',
    (terminal, next) => {
      const done = run(JOB_DECIDER, [create(), update({ status: terminal })]);
      expect(() => JOB_DECIDER.decide(update({ status: next }, t2), done.state)).toThrow(new TerminalEntityError('job', 'job-1', terminal));
    },
  );

  it.each(TERMINAL)('reaches %s from created and from running', (terminal) => {
    expect(types(run(JOB_DECIDER, [create(), update({ status: terminal })]))).toEqual(['JobCompleted']);
    const fromRunning = run(JOB_DECIDER, [create(), update({ status: 'running' }), update({ status: terminal }, t2)]);
    expect(fromRunning.events.map((event) => event.type)).toEqual(['JobCreated', 'JobStarted', 'JobCompleted']);
    expect(fromRunning.state).toMatchObject({ status: terminal, completedAt: t2 });
  });

  it('refuses bad input naming the field: status, metadata (not an object, too large after merging), callback_url', () => {
    const created = run(JOB_DECIDER, [create(null, { big: 'x'.repeat(60_000) })]);
    expect(() => JOB_DECIDER.decide(update({ status: 'done' }), created.state)).toThrow(
      new InvalidInputError('status', 'status must be one of the following values: created, running, completed, failed, cancelled, expired'),
    );
    expect(() => JOB_DECIDER.decide(update({ metadata: [] as never }), created.state)).toThrow(InvalidInputError);
    expect(() => JOB_DECIDER.decide(update({ metadata: { more: 'y'.repeat(6_000) } }), created.state)).toThrow(/^metadata after merging would be \d+ bytes; at most 65536 are kept$/);
    const deep = JSON.parse(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`);
    expect(() => JOB_DECIDER.decide(update({ metadata: deep }), created.state)).toThrow(new InvalidInputError('metadata', 'metadata is nested deeper than 32 levels'));
    expect(() => JOB_DECIDER.decide(create(null, { k: 'a\u0000' }), undefined)).toThrow(new InvalidInputError('metadata.k', 'metadata.k contains a NUL character or an unpaired surrogate'));
    expect(() => JOB_DECIDER.decide(create(null, { blob: 'x'.repeat(64 * 1024) }), undefined)).toThrow(new InvalidInputError('metadata', 'metadata must be a JSON object of at most 65536 bytes'));
    expect(() => JOB_DECIDER.decide(create(null, 'text' as never), undefined)).toThrow(new InvalidInputError('metadata', 'metadata must be a JSON object of at most 65536 bytes'));
    for (const url of [42 as never, 'not a url', 'http//x', 'https://x.example/cb ', 'http://exa mple.com/x', '', 'ftp://x.example/cb', 'https://user:pw@x.example/cb', ' https://x.example/cb']) {
      expect(() => JOB_DECIDER.decide(create(url), undefined)).toThrow(expect.objectContaining({ field: 'callback_url' }));
    }
  });

  it('a job that does not exist is not found; a stream of another kind replays to nothing', () => {
    expect(() => JOB_DECIDER.decide(update({ status: 'running' }), undefined)).toThrow(new EntityNotFoundError('job', 'job-1'));
    expect(replay(JOB_DECIDER, [{ streamId: 'run-1', version: 1, type: 'RunCreated', data: { metadata: {} }, occurredAt: t0 }])).toBeUndefined();
  });
});
