import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { eventually } from '../../../test/support/poll';
import { dispatcherUnderTest, type DispatcherSettings } from './testing/dispatcher-under-test';

const SLOW = 'slow.test:8080';
const HEALTHY = 'healthy.test:8080';

/** Concurrency limits as the dispatcher's I/O shell applies them, on the in-memory DeliveryQueue. */
describe('DeliveryDispatcher concurrency limits', () => {
  beforeAll(() => Logger.overrideLogger(false));
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });
  const started = async (settings: DispatcherSettings) => {
    const t = dispatcherUnderTest(settings);
    await t.dispatcher.onApplicationBootstrap();
    stop = () => t.dispatcher.onModuleDestroy();
    return t;
  };

  it('a hanging host holds at most its own share, however many polls offer it its waiting rows; other hosts are served', async () => {
    // The poll runs every few milliseconds here, so many passes see the slow host's waiting rows.
    const { queue, sender, dispatcher, commitLeased: commit } = await started({ webhookPerHostConcurrency: 2, webhookConcurrency: 4, dispatcherPollIntervalMs: 5 });
    sender.script = (request) => (request.url.includes(SLOW) ? 'hang' : 200);
    const slow: string[] = [];
    for (let i = 0; i < 6; i++) slow.push(await commit(SLOW));
    await eventually(() => sender.openTo(SLOW) === 2, { what: 'two attempts hanging at the slow host' });
    const healthy = [await commit(HEALTHY), await commit(HEALTHY)];
    await eventually(() => healthy.every((id) => queue.row(id).status === 'succeeded'), { what: 'the healthy host served' });

    let passes = 0;
    let seen = dispatcher.lastPollAt;
    await eventually(() => {
      if (dispatcher.lastPollAt !== seen) [passes, seen] = [passes + 1, dispatcher.lastPollAt];
      return passes >= 3;
    }, { intervalMs: 1, what: 'three more poll passes' });
    expect(sender.openTo(SLOW)).toBe(2);
    expect(sender.requests.filter((request) => request.url.includes(SLOW))).toHaveLength(2);
    expect(slow.filter((id) => queue.row(id).status === 'pending')).toHaveLength(4);

    sender.script = () => 200;
    sender.answerOpen(200);
    await eventually(() => slow.every((id) => queue.row(id).status === 'succeeded'), { what: 'all slow deliveries to succeed' });
    expect(sender.peakOpenByHost.get(SLOW)).toBe(2);
    // one request per delivery: none was sent twice
    expect(new Set(sender.requests.map((request) => request.webhookId)).size).toBe(8);
    expect(sender.requests).toHaveLength(8);
  });

  it("completions written leased beyond a host's room are given back untried, and the poll sends them as room frees", async () => {
    const { queue, sender, commitLeased } = await started({ webhookPerHostConcurrency: 2 });
    sender.script = () => 'hang';
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await commitLeased(SLOW));
    expect(sender.openTo(SLOW)).toBe(2);
    await eventually(() => ids.slice(2).every((id) => queue.row(id).status === 'pending'), { what: 'two leases given back' });
    for (const id of ids.slice(2)) expect(queue.row(id)).toMatchObject({ attemptCount: 0, leaseToken: null });

    sender.script = () => 200;
    sender.answerOpen(200);
    await eventually(() => ids.every((id) => queue.row(id).status === 'succeeded'), { what: 'all four sent' });
    for (const id of ids) expect(queue.row(id).attemptCount).toBe(1);
    expect(sender.peakOpenByHost.get(SLOW)).toBe(2);
    expect(sender.requests.map((request) => request.webhookId)).toEqual(ids);
  });

  it('a committed delivery whose host filled while it was being claimed is given back untried, then sent when room frees', async () => {
    const { queue, sender, dispatcher } = await started({ webhookPerHostConcurrency: 1, dispatcherPollIntervalMs: 20 });
    sender.script = () => 'hang';
    const [first, second] = [queue.add(SLOW), queue.add(SLOW)];
    // Both pass the host's room check before either claim returns: the second finds the host full.
    await Promise.all([first, second].map((id) => dispatcher.dispatchCommitted({ deliveryId: id, destinationHost: SLOW })));
    expect(queue.claims.byId).toBe(2);
    expect(sender.openTo(SLOW)).toBe(1);
    expect(queue.row(second)).toMatchObject({ status: 'pending', attemptCount: 0, leaseToken: null });
    expect(queue.row(second).nextAttemptAt).toBeGreaterThan(queue.now());

    sender.script = () => 200;
    sender.answerOpen(200);
    await eventually(() => queue.row(second).status === 'succeeded', { what: 'the postponed delivery sent' });
    expect(queue.row(second).attemptCount).toBe(1);
    expect(sender.peakOpenByHost.get(SLOW)).toBe(1);
    expect(sender.requests.map((request) => request.webhookId)).toEqual([first, second]);
  });

  it('at the global limit committed deliveries wait in the queue and the poll takes them, oldest first, as attempts end', async () => {
    const { queue, sender, commit } = await started({ webhookConcurrency: 2, webhookPerHostConcurrency: 2 });
    sender.script = () => 'hang';
    const ids: string[] = [];
    for (const host of [SLOW, HEALTHY, SLOW, HEALTHY]) ids.push(await commit(host));
    expect(sender.open.size).toBe(2);
    expect(queue.claims.byId).toBe(2); // the last two were left to the poll, without a claim
    expect(ids.slice(2).map((id) => queue.row(id).status)).toEqual(['pending', 'pending']);

    sender.script = () => 200;
    sender.answerOpen(200);
    await eventually(() => ids.every((id) => queue.row(id).status === 'succeeded'), { what: 'all four sent' });
    expect(sender.requests.map((request) => request.webhookId)).toEqual(ids);
  });
});
