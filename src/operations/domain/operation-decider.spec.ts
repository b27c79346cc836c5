import { describe, expect, it } from '@jest/globals';
import { replay, run } from '../../../test/support/decider-harness';
import { DomainError, EntityNotFoundError } from '../../platform/domain/domain-error';
import type { OperationCommand } from './operation-command';
import { OPERATION_DECIDER } from './operation-decider';

const at = (second: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, second));
const start = (requestDigest?: string): OperationCommand => ({
  type: 'start', operationId: 'op-1', filter: { status: 'dead_lettered', host: 'ci.test' }, matched: 3, requestDigest, now: at(0),
});
const batch = (ids: string[], second: number): OperationCommand => ({ type: 'recordBatch', operationId: 'op-1', deliveryIds: ids, now: at(second) });
const finish = (second: number): OperationCommand => ({ type: 'finish', operationId: 'op-1', now: at(second) });
const cancel = (second: number): OperationCommand => ({ type: 'cancel', operationId: 'op-1', now: at(second) });

describe('the bulk redelivery operation decider', () => {
  it('starts with its filter and count, records batches (the cursor is the last id), finishes; replays to the same state', () => {
    const done = run(OPERATION_DECIDER, [start(), batch(['dlv-a', 'dlv-b'], 1), batch(['dlv-c'], 2), finish(3)]);
    expect(done.events.map((event) => [event.type, event.data, event.occurredAt])).toEqual([
      ['RedeliveryOperationStarted', { operation_id: 'op-1', filter: { status: 'dead_lettered', host: 'ci.test' }, matched: 3 }, at(0)],
      ['RedeliveryBatchScheduled', { operation_id: 'op-1', delivery_ids: ['dlv-a', 'dlv-b'] }, at(1)],
      ['RedeliveryBatchScheduled', { operation_id: 'op-1', delivery_ids: ['dlv-c'] }, at(2)],
      ['OperationFinished', { operation_id: 'op-1' }, at(3)],
    ]);
    expect(done.state).toEqual({
      id: 'op-1', kind: 'redelivery', filter: { status: 'dead_lettered', host: 'ci.test' }, status: 'done', matched: 3, scheduled: 3,
      cursor: 'dlv-c', createdAt: at(0), lastBatchAt: at(2), updatedAt: at(3), finishedAt: at(3),
    });
    expect(replay(OPERATION_DECIDER, done.events)).toEqual(done.state);
  });

  it('after it ends nothing more is recorded: a batch or a finish is a no-op', () => {
    const cancelled = run(OPERATION_DECIDER, [start(), batch(['dlv-a'], 1), cancel(2)]);
    expect(cancelled.state).toMatchObject({ status: 'cancelled', scheduled: 1, cursor: 'dlv-a', finishedAt: at(2) });
    expect(run(OPERATION_DECIDER, [batch(['dlv-b'], 3), finish(4)], cancelled).last).toEqual([]);
    expect(run(OPERATION_DECIDER, [batch([], 1)], run(OPERATION_DECIDER, [start()])).last).toEqual([]);
  });

  it('cancel: once (a repeat is a no-op); a done operation is a conflict naming status', () => {
    const cancelled = run(OPERATION_DECIDER, [start(), cancel(1), cancel(2)]);
    expect(cancelled.events.map((event) => event.type)).toEqual(['RedeliveryOperationStarted', 'OperationCancelled']);
    const done = run(OPERATION_DECIDER, [start(), finish(1)]);
    expect(() => OPERATION_DECIDER.decide(cancel(2), done.state)).toThrow(new DomainError('conflict', 'operation op-1 is already done; there is nothing left to cancel', 'status'));
  });

  it('an idempotent start: the same digest is a no-op, another one a conflict naming the key', () => {
    const started = run(OPERATION_DECIDER, [start('digest-1'), start('digest-1')]);
    expect(started.events).toHaveLength(1);
    expect(started.state).toMatchObject({ requestDigest: 'digest-1' });
    expect(() => OPERATION_DECIDER.decide(start('digest-2'), started.state)).toThrow(expect.objectContaining({ code: 'conflict', field: 'idempotency-key' }));
  });

  it('every command but start needs the operation', () => {
    for (const command of [batch(['dlv-a'], 1), finish(1), cancel(1)]) {
      expect(() => OPERATION_DECIDER.decide(command, undefined)).toThrow(new EntityNotFoundError('operation', 'op-1'));
    }
  });
});
