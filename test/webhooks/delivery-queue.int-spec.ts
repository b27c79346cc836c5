import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { preparedQuery } from '../../src/platform/database/prepared-query';
import { WriteBatch } from '../../src/platform/database/write-batch';
import { EventStore } from '../../src/platform/event-store/event-store';
import { AttemptRecorder } from '../../src/webhooks/dispatch/attempt-recorder';
import type { AttemptOutcomeRecord, ClaimedDelivery } from '../../src/webhooks/dispatch/delivery-queue';
import { DeliveryRepository } from '../../src/webhooks/persistence/delivery.repository';
import { openTestDatabase, resetDatabase } from '../support/database';

/**
 * The deliveries table's SQL as the dispatcher uses it — scheduling, claims with leases and per-host limits,
 * release, attempt results fenced by the lease token — against the real migrated PostgreSQL, without the app.
 */
describe('the delivery queue on PostgreSQL', () => {
  let db: DataSource;
  let deliveries: DeliveryRepository;
  beforeAll(async () => {
    db = await openTestDatabase();
    deliveries = new DeliveryRepository(db, new EventStore(db, EVENT_SCHEMAS));
  });
  afterAll(() => db.destroy());
  beforeEach(() => resetDatabase(db));

  /** Commits pending deliveries as the unit of work would: the DeliveryScheduled event and the row, one statement. */
  const schedule = async (hosts: string[]): Promise<string[]> => {
    const unit = new WriteBatch();
    const ids = hosts.map(() => `dlv-${randomUUID()}`);
    deliveries.queueScheduled(
      unit,
      hosts.map((host, i) => ({
        id: ids[i], kind: 'job', subjectId: `job-${i}-${randomUUID()}`, url: `http://${host}/hook`, destinationHost: host,
        payload: '{}', completedAt: new Date('2026-12-01T10:00:00.000Z'), scheduledAt: new Date('2026-12-01T10:00:00.001Z'),
      })),
    );
    const { sql, params } = WriteBatch.compileTogether([unit]);
    await preparedQuery(db, sql, params);
    return ids;
  };
  const claim = (limit: number, busyHosts: Record<string, number> = {}) => deliveries.claimDue({ limit, leaseMs: 60_000, perHostLimit: 2, busyHosts });
  const row = async (id: string) =>
    (await db.query(`SELECT status, attempt_count, lease_token IS NOT NULL AS leased, next_attempt_at > now() + interval '50 seconds' AS lease_ahead FROM deliveries WHERE id = $1`, [id]))[0];
  const success = (delivery: ClaimedDelivery, responseBody = 'ok'): AttemptOutcomeRecord => ({
    delivery,
    result: { outcome: 'success', startedAt: new Date('2026-12-01T10:00:01.000Z'), finishedAt: new Date('2026-12-01T10:00:01.005Z'), durationMs: 5, statusCode: 200, error: null, responseBody },
    verdict: { status: 'succeeded', nextAttemptAt: null },
  });

  it('a claim leases due deliveries once: attempt 1, a token, the lease ahead; a second claim finds nothing', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed, ...more] = await claim(10);
    expect(more).toEqual([]);
    expect(claimed).toMatchObject({ id, kind: 'job', destinationHost: 'a.test:80', attemptCount: 1, payload: '{}' });
    expect(claimed.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(id)).toEqual({ status: 'delivering', attempt_count: 1, leased: true, lease_ahead: true });
    expect(await claim(10)).toEqual([]);
  });

  it('at most perHostLimit per host, counting what this process already has in flight there', async () => {
    await schedule(['a.test:80', 'a.test:80', 'a.test:80', 'b.test:80', 'b.test:80', 'b.test:80']);
    const claimed = await claim(10, { 'a.test:80': 1 });
    expect(claimed.map((delivery) => delivery.destinationHost).sort()).toEqual(['a.test:80', 'b.test:80', 'b.test:80']);
    expect(await claim(10, { 'a.test:80': 2, 'b.test:80': 2 })).toEqual([]);
  });

  it('the fast path claims the one delivery that just committed, by id, once; a leased or not yet due one not at all', async () => {
    const [first, second] = await schedule(['a.test:80', 'a.test:80']);
    const claimed = await deliveries.claimById(second, 60_000);
    expect(claimed).toMatchObject({ id: second, kind: 'job', destinationHost: 'a.test:80', attemptCount: 1, payload: '{}' });
    expect(claimed!.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(second)).toEqual({ status: 'delivering', attempt_count: 1, leased: true, lease_ahead: true });
    expect(await row(first)).toEqual({ status: 'pending', attempt_count: 0, leased: false, lease_ahead: false });
    expect(await deliveries.claimById(second, 60_000)).toBeUndefined();
    await deliveries.releaseUntried([claimed!], 60_000);
    expect(await deliveries.claimById(second, 60_000)).toBeUndefined();
    expect(await deliveries.claimById('dlv-unknown', 60_000)).toBeUndefined();
  });

  it('a result under the lease is recorded (row, attempt, event, no lease); under a stale token nothing is written', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed] = await claim(1);
    expect(await deliveries.recordAttempts([success({ ...claimed, leaseToken: randomUUID() })])).toEqual(new Set());
    expect(await row(id)).toMatchObject({ status: 'delivering', leased: true });

    expect(await deliveries.recordAttempts([success(claimed)])).toEqual(new Set([id]));
    expect(await row(id)).toEqual({ status: 'succeeded', attempt_count: 1, leased: false, lease_ahead: null });
    expect(await db.query(`SELECT number, status_code, error, response_body, outcome FROM delivery_attempts`)).toEqual([
      { number: 1, status_code: 200, error: null, response_body: 'ok', outcome: 'succeeded' },
    ]);
    const events = await db.query(`SELECT version, type, data ->> 'attempt' AS attempt FROM events WHERE stream_id = $1 ORDER BY version`, [id]);
    expect(events).toEqual([
      { version: 1, type: 'DeliveryScheduled', attempt: null },
      { version: 2, type: 'DeliverySucceeded', attempt: '1' },
    ]);
  });

  it('one statement of results is all or nothing (PostgreSQL refuses a NUL); the recorder then records member by member', async () => {
    await schedule(['a.test:80', 'a.test:80']);
    const [first, second] = await claim(2);
    await expect(deliveries.recordAttempts([success(first), success(second, 'bin\u0000ary')])).rejects.toMatchObject({ code: '22021' });
    expect(await db.query(`SELECT count(*)::int AS n FROM delivery_attempts`)).toEqual([{ n: 0 }]);

    const recorder = new AttemptRecorder(deliveries);
    expect(await Promise.all([recorder.record(success(first)), recorder.record(success(second, 'bin\u0000ary'))])).toEqual([true, true]);
    const bodies = await db.query(`SELECT d.id, a.response_body FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id`);
    // The database's own words follow the prefix (localised by the server's lc_messages).
    expect(Object.fromEntries(bodies.map((b: { id: string; response_body: string }) => [b.id, b.response_body]))).toEqual({
      [first.id]: 'ok',
      [second.id]: expect.stringMatching(/^\(not stored: the database refused this result: .+\)$/),
    });
  });

  it('release gives a lease back untried: pending again, the attempt not counted, due after the delay; a stale token changes nothing', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed] = await claim(1);
    await deliveries.releaseUntried([{ ...claimed, leaseToken: randomUUID() }], 0);
    expect(await row(id)).toMatchObject({ status: 'delivering', attempt_count: 1, leased: true });
    await deliveries.releaseUntried([claimed], 60_000);
    expect(await row(id)).toEqual({ status: 'pending', attempt_count: 0, leased: false, lease_ahead: true });
    expect(await claim(1)).toEqual([]);
  });
});
