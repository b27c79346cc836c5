import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { eventually } from '../../../test/support/poll';
import { dispatcherUnderTest } from './testing/dispatcher-under-test';

const A = 'a.test:8080';
const B = 'b.test:8080';

/**
 * The dispatcher's I/O shell on the in-memory DeliveryQueue: claim → attempt (tracked) → record or release →
 * shutdown. What to start when is DispatchSchedule's (its own spec); the SQL behind the port is
 * test/webhooks/delivery-queue.int-spec.ts.
 */
describe('DeliveryDispatcher', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });
  const started = async (settings: Parameters<typeof dispatcherUnderTest>[0] = {}) => {
    const t = dispatcherUnderTest(settings);
    await t.dispatcher.onApplicationBootstrap();
    stop = () => t.dispatcher.onModuleDestroy();
    return t;
  };

  it("starts a completion's delivery written leased to it without any query, sends it once and records the result", async () => {
    const { queue, sender, metrics, dispatcher, commitLeased } = await started();
    const id = await commitLeased(A);
    await eventually(() => queue.recorded.length === 1, { what: 'the result recorded' });
    expect(queue.claims).toEqual({ due: 1, byId: 0 }); // only the first poll, at start
    expect(sender.requests.map((request) => request.webhookId)).toEqual([id]);
    expect(queue.row(id)).toMatchObject({ status: 'succeeded', attemptCount: 1, leaseToken: null, nextAttemptAt: null });
    expect(metrics.ids).toEqual([id]);
    expect(dispatcher.inFlight).toBe(0);
  });

  it('claims a committed pending delivery (a redelivery) by its id, sends it once and records the result', async () => {
    const { queue, sender, metrics, dispatcher, commit } = await started();
    expect(queue.claims).toEqual({ due: 1, byId: 0 }); // the first poll, at start
    const id = await commit(A);
    await eventually(() => queue.recorded.length === 1, { what: 'the result recorded' });
    expect(queue.claims).toEqual({ due: 1, byId: 1 });
    expect(sender.requests).toEqual([
      { webhookId: id, url: `http://${A}/hook`, body: queue.row(id).payload, timeoutMs: 5_000, guarded: true, headers: {} },
    ]);
    expect(queue.row(id)).toMatchObject({ status: 'succeeded', attemptCount: 1, leaseToken: null, nextAttemptAt: null });
    expect(queue.recorded[0]).toMatchObject({ delivery: { id, attemptCount: 1 }, verdict: { status: 'succeeded', nextAttemptAt: null } });
    expect(metrics.ids).toEqual([id]);
    expect(dispatcher.inFlight).toBe(0);
  });

  it('the poll takes due retries and leftovers (not what is not due yet); a failed attempt is recorded with its next one', async () => {
    const t = dispatcherUnderTest();
    const retry = t.queue.add(A, { status: 'retrying', attemptCount: 1 });
    const later = t.queue.add(A, { status: 'retrying', attemptCount: 1, nextAttemptAt: t.queue.now() + 60_000 });
    t.sender.script = () => 503;
    await t.dispatcher.onApplicationBootstrap();
    stop = () => t.dispatcher.onModuleDestroy();
    await eventually(() => t.queue.recorded.length === 1, { what: 'the retry recorded' });
    expect(t.sender.requests.map((request) => request.webhookId)).toEqual([retry]);
    const row = t.queue.row(retry);
    expect(row).toMatchObject({ status: 'retrying', attemptCount: 2, leaseToken: null });
    // attempt 2 waits the schedule's second delay, ±20 %
    expect(row.nextAttemptAt! - Date.now()).toBeGreaterThan(0.79 * 300_000);
    expect(row.nextAttemptAt! - Date.now()).toBeLessThanOrEqual(1.2 * 300_000);
    expect(t.queue.row(later)).toMatchObject({ status: 'retrying', attemptCount: 1, leaseToken: null });
    expect(t.dispatcher.lastPollAt).toBeInstanceOf(Date);
  });

  it('a claim that lost a deadlock to a concurrent write is a warning, not an error, and the next poll claims', async () => {
    const t = dispatcherUnderTest({ dispatcherPollIntervalMs: 20 });
    const due = t.queue.add(A, { status: 'retrying', attemptCount: 1 });
    const claimDue = t.queue.claimDue.bind(t.queue);
    let claims = 0;
    t.queue.claimDue = async (request) => {
      if (++claims === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return claimDue(request);
    };
    const warned = jest.spyOn(Logger.prototype, 'warn');
    const failed = jest.spyOn(Logger.prototype, 'error');
    try {
      await t.dispatcher.onApplicationBootstrap();
      stop = () => t.dispatcher.onModuleDestroy();
      await eventually(() => t.queue.recorded.length === 1, { what: 'the delivery claimed by the next poll and recorded' });
      expect(t.sender.requests.map((request) => request.webhookId)).toEqual([due]);
      expect(warned.mock.calls).toEqual([['a claim gave way to a concurrent write to the same delivery (deadlock); claiming again']]);
      expect(failed).not.toHaveBeenCalled();
    } finally {
      warned.mockRestore();
      failed.mockRestore();
    }
  });

  it('a committed delivery someone else already leased is left to its holder: no request, no error', async () => {
    const { queue, sender, dispatcher, leaseMs } = await started();
    const id = queue.add(A);
    const [elsewhere] = await queue.claimDue({ limit: 1, leaseMs, perHostLimit: 64, busyHosts: {} });
    await dispatcher.dispatchCommitted({ deliveryId: id, destinationHost: A });
    expect(queue.claims.byId).toBe(1);
    expect(sender.requests).toEqual([]);
    expect(queue.row(id)).toMatchObject({ status: 'delivering', attemptCount: 1, leaseToken: elsewhere.leaseToken });
  });

  it('a lease lost mid-attempt: the late result writes nothing and is not counted; the new holder keeps its lease', async () => {
    const { queue, sender, metrics, dispatcher, leaseMs, commit } = await started();
    sender.script = () => 'hang';
    const id = await commit(A);
    await eventually(() => sender.open.size === 1, { what: 'the attempt in flight' });
    // The process stalls past its lease; another replica takes the delivery over.
    queue.advance(leaseMs + 1);
    const [takeover] = await queue.claimDue({ limit: 1, leaseMs, perHostLimit: 64, busyHosts: {} });
    expect(takeover).toMatchObject({ id, attemptCount: 2 });

    sender.answerOpen(200);
    await eventually(() => dispatcher.inFlight === 0, { what: 'the attempt to end' });
    expect(queue.recorded).toEqual([]);
    expect(metrics.ids).toEqual([]);
    expect(queue.row(id)).toMatchObject({ status: 'delivering', attemptCount: 2, leaseToken: takeover.leaseToken });
  });

  it('shutdown stops claiming and lets attempts in flight finish within SHUTDOWN_TIMEOUT_MS; they are recorded', async () => {
    const t = await started();
    const { queue, sender, metrics, dispatcher, commit } = t;
    sender.script = () => 'hang';
    const first = await commit(A);
    await eventually(() => sender.open.size === 1, { what: 'the attempt in flight' });

    const stopped = dispatcher.onModuleDestroy();
    const late = await commit(B);
    const lateLeased = await t.commitLeased(B);
    expect(queue.claims.byId).toBe(1); // nothing new is claimed or started once shutdown began
    sender.answerOpen(200);
    await stopped;
    expect(queue.recorded.map((outcome) => outcome.delivery.id)).toEqual([first]);
    expect(metrics.ids).toEqual([first]);
    for (const id of [late, lateLeased]) expect(queue.row(id)).toMatchObject({ status: 'pending', attemptCount: 0, leaseToken: null });
    expect(sender.requests).toHaveLength(1);
  });

  it('shutdown with only a poll under way waits for that poll without starving the event loop it needs to finish', async () => {
    const t = dispatcherUnderTest({ shutdownTimeoutMs: 300 });
    let pollFinished = false;
    const claimDue = t.queue.claimDue.bind(t.queue);
    // The poll's claim answers after a real timer, as a database round trip would.
    t.queue.claimDue = async (request) => {
      await new Promise((done) => setTimeout(done, 30));
      pollFinished = true;
      return claimDue(request);
    };
    const bootstrap = t.dispatcher.onApplicationBootstrap();
    await t.dispatcher.onModuleDestroy();
    expect(pollFinished).toBe(true); // a loop that never yielded to timers saw its deadline pass first
    await bootstrap;
  });

  it('shutdown interrupts attempts still in flight at the deadline and releases them untried, for any replica', async () => {
    const t = dispatcherUnderTest({ shutdownTimeoutMs: 50 });
    const retry = t.queue.add(B, { status: 'retrying', attemptCount: 1 });
    t.sender.script = () => 'hang';
    await t.dispatcher.onApplicationBootstrap();
    const fresh = [await t.commitLeased(A), await t.commit(A)];
    await eventually(() => t.sender.open.size === 3, { what: 'three attempts in flight' });

    await t.dispatcher.onModuleDestroy();
    expect(t.sender.open.size).toBe(0);
    expect(t.dispatcher.inFlight).toBe(0);
    expect(t.queue.recorded).toEqual([]);
    expect(t.metrics.ids).toEqual([]);
    // Released untried: the interrupted attempt does not count, and each is due again at once.
    for (const id of fresh) expect(t.queue.row(id)).toMatchObject({ status: 'pending', attemptCount: 0, leaseToken: null });
    expect(t.queue.row(retry)).toMatchObject({ status: 'retrying', attemptCount: 1, leaseToken: null });
    for (const id of [...fresh, retry]) expect(t.queue.row(id).nextAttemptAt).toBeLessThanOrEqual(t.queue.now());
  });
});
