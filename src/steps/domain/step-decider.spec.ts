import { describe, expect, it } from '@jest/globals';
import { replay, run } from '../../../test/support/decider-harness';
import { EntityNotFoundError, InvalidInputError, TerminalEntityError } from '../../platform/domain/domain-error';
import type { StepCommand } from './step-command';
import { MAX_STEP_ERROR_LENGTH, STEP_DECIDER } from './step-decider';
import type { StepMetrics } from './step-metrics';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const t1 = new Date('2026-11-25T10:00:01.000Z');
const create: StepCommand = { type: 'create', stepId: 'step-1', runId: 'run-1', metadata: { n: 1 }, now: t0 };
const complete = (status: 'success' | 'failed' | 'cancelled', error?: string, metrics?: StepMetrics): StepCommand => ({ type: 'complete', stepId: 'step-1', status, error, metrics, now: t1 });

describe('the step decider', () => {
  it('creates pending, completes once with its error; the stream replays to the same state', () => {
    const done = run(STEP_DECIDER, [create, complete('failed', 'boom')]);
    expect(done.events.map((event) => [event.type, event.data])).toEqual([
      ['StepCreated', { step_id: 'step-1', run_id: 'run-1', metadata: { n: 1 }, created_at: t0.toISOString() }],
      ['StepCompleted', { step_id: 'step-1', run_id: 'run-1', status: 'failed', error: 'boom', completed_at: t1.toISOString() }],
    ]);
    expect(done.state).toEqual({ id: 'step-1', runId: 'run-1', status: 'failed', error: 'boom', metadata: { n: 1 }, metrics: {}, createdAt: t0, updatedAt: t1, completedAt: t1 });
    expect(replay(STEP_DECIDER, done.events)).toEqual(done.state);
  });

  it('the same outcome again is a no-op (with or without its error); another outcome is refused', () => {
    const done = run(STEP_DECIDER, [create, complete('failed', 'boom')]);
    expect(run(STEP_DECIDER, [complete('failed')], done).last).toEqual([]);
    expect(run(STEP_DECIDER, [complete('failed', 'boom')], done).last).toEqual([]);
    expect(() => STEP_DECIDER.decide(complete('failed', 'other error'), done.state)).toThrow('step step-1 is already failed');
    expect(() => STEP_DECIDER.decide(complete('success'), done.state)).toThrow('step step-1 is already failed');
  });

  it.each(['success', 'failed', 'cancelled'] as const)('completes a pending step as %s', (status) => {
    expect(run(STEP_DECIDER, [create, complete(status)]).state).toMatchObject({ status, completedAt: t1 });
  });

  it('refuses, naming the field: an unknown status, an overlong or unstorable error, metadata that is not an object', () => {
    const created = run(STEP_DECIDER, [create]).state;
    const refusal = (command: StepCommand) => () => STEP_DECIDER.decide(command, created);
    expect(refusal({ type: 'complete', stepId: 'step-1', status: 'done' as never, error: undefined, now: t1 })).toThrow(new InvalidInputError('status', 'status must be one of the following values: success, failed, cancelled'));
    expect(refusal(complete('failed', 'x'.repeat(MAX_STEP_ERROR_LENGTH + 1)))).toThrow(InvalidInputError);
    expect(refusal(complete('failed', 'a\u0000b'))).toThrow('error contains a NUL character or an unpaired surrogate');
    expect(() => STEP_DECIDER.decide({ ...create, metadata: [] as never }, undefined)).toThrow(InvalidInputError);
  });

  it('records metrics in StepCompleted, keys in the order jsonb stores them; replay folds them back', () => {
    const done = run(STEP_DECIDER, [create, complete('success', undefined, { tokens_out: 80, duration_ms: 1234.5, tokens_in: 512, n: 0 })]);
    expect(done.last.map((event) => [event.type, JSON.stringify(event.data)])).toEqual([
      ['StepCompleted', JSON.stringify({ step_id: 'step-1', run_id: 'run-1', status: 'success', error: null, completed_at: t1.toISOString(), metrics: { n: 0, tokens_in: 512, tokens_out: 80, duration_ms: 1234.5 } })],
    ]);
    expect(JSON.stringify(done.state?.metrics)).toBe('{"n":0,"tokens_in":512,"tokens_out":80,"duration_ms":1234.5}');
    expect(replay(STEP_DECIDER, done.events)).toEqual(done.state);
  });

  it('an old StepCompleted without metrics replays to a step without metrics', () => {
    const created = run(STEP_DECIDER, [create]).events;
    const old = { streamId: 'step-1', version: 2, type: 'StepCompleted', data: { step_id: 'step-1', run_id: 'run-1', status: 'success', error: null, completed_at: t1.toISOString() }, occurredAt: t1 };
    expect(replay(STEP_DECIDER, [...created, old])).toMatchObject({ status: 'success', metrics: {}, completedAt: t1 });
  });

  it('a repeat with the same metrics (in any key order) or none is a no-op; other metrics are refused', () => {
    const done = run(STEP_DECIDER, [create, complete('success', undefined, { a: 1, bb: 2 })]);
    expect(run(STEP_DECIDER, [complete('success')], done).last).toEqual([]);
    expect(run(STEP_DECIDER, [complete('success', undefined, { bb: 2, a: 1 })], done).last).toEqual([]);
    expect(() => STEP_DECIDER.decide(complete('success', undefined, { a: 1, bb: 3 }), done.state)).toThrow(new TerminalEntityError('step', 'step-1', 'success'));
    expect(() => STEP_DECIDER.decide(complete('success', undefined, {}), done.state)).toThrow(TerminalEntityError);
    // -0 is stored as 0 (jsonb has no negative zero): a repeat with either matches, replayed or not.
    const zero = run(STEP_DECIDER, [create, complete('success', undefined, { n: -0 })]);
    expect(Object.is(zero.state?.metrics.n, 0)).toBe(true);
    expect(run(STEP_DECIDER, [complete('success', undefined, { n: -0 })], zero).last).toEqual([]);
    expect(run(STEP_DECIDER, [complete('success', undefined, { n: 0 })], zero).last).toEqual([]);
  });

  it.each([
    ['an array', [1, 2], 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['null', null, 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['over 64 KiB', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`metric_${i}`, i])), 'metrics', 'metrics must be a JSON object of at most 65536 bytes'],
    ['a text value', { tokens_in: '512' }, 'metrics.tokens_in', 'metrics.tokens_in must be a finite number'],
    ['a nested object', { usage: { tokens_in: 1 } }, 'metrics.usage', 'metrics.usage must be a finite number'],
    ['a null value', { cost: null }, 'metrics.cost', 'metrics.cost must be a finite number'],
    ['a non-finite number', { ratio: Number.NaN }, 'metrics.ratio', 'metrics.ratio must be a finite number'],
    ['a key with a NUL character', { 'a\u0000b': 1 }, 'metrics', 'metrics contains a NUL character or an unpaired surrogate'],
  ])('refuses metrics that are %s, naming the field', (_, metrics, field, message) => {
    const created = run(STEP_DECIDER, [create]).state;
    const refusal = (() => {
      try {
        return STEP_DECIDER.decide(complete('success', undefined, metrics as never), created);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect({ field: (refusal as InvalidInputError).field, message: (refusal as InvalidInputError).message }).toEqual({ field, message });
  });

  it('a step that does not exist is not found; a stream of another kind replays to nothing', () => {
    expect(() => STEP_DECIDER.decide(complete('success'), undefined)).toThrow(new EntityNotFoundError('step', 'step-1'));
    expect(replay(STEP_DECIDER, [{ streamId: 'run-1', version: 1, type: 'RunCreated', data: {}, occurredAt: t0 }])).toBeUndefined();
  });
});
