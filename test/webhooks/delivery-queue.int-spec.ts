import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { ReadDataSource } from '../../src/platform/database/read-data-source';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { EventStore } from '../../src/platform/event-store/event-store';
import { AttemptRecorder } from '../../src/webhooks/dispatch/attempt-recorder';
import type { AttemptOutcomeRecord, ClaimedDelivery } from '../../src/webhooks/dispatch/delivery-queue';
import { DeliveriesTable } from '../../src/webhooks/persistence/deliveries.table';
import { DeliveryCircuits } from '../../src/webhooks/persistence/delivery-circuits';
import { DeliveryCircuitsTable } from '../../src/webhooks/persistence/delivery-circuits.table';
import { DeliveryLeasesTable } from '../../src/webhooks/persistence/delivery-leases.table';
import { DeliveryRateWindowsTable } from '../../src/webhooks/persistence/delivery-rate-windows.table';
import { DeliveryStatsRepository } from '../../src/webhooks/persistence/delivery-stats.repository';
import { DeliveryStreams } from '../../src/webhooks/persistence/delivery-streams';
import { PostgresDeliveryQueue } from '../../src/webhooks/persistence/postgres-delivery-queue';
import { openTestDatabase, resetDatabase } from '../support/database';

const SCHEDULED_AT = new Date('2026-12-01T10:00:00.001Z');
/** Where a failed attempt's verdict puts the next one: far enough out to tell from a redelivery's "now". */
const RETRY_AT = new Date('2030-01-01T00:00:00.000Z');

/**
 * The delivery queue the dispatcher uses — scheduling, claims with leases and per-host limits, release, attempt
 * results decided on the stream and fenced by the lease token — against the real migrated PostgreSQL, without the app.
 */
describe('the delivery queue on PostgreSQL', () => {
  let db: DataSource;
  let unitOfWork: UnitOfWork;
  let streams: DeliveryStreams;
  let queue: PostgresDeliveryQueue;
  let table: DeliveriesTable;
  beforeAll(async () => {
    db = await openTestDatabase();
    unitOfWork = new UnitOfWork(db, { publishAll: () => undefined } as unknown as EventBus);
    streams = new DeliveryStreams(new EventStore(db, EVENT_SCHEMAS));
    queue = new PostgresDeliveryQueue(unitOfWork, streams, new DeliveryLeasesTable(db), new DeliveryRateWindowsTable(db), new DeliveryCircuits(new DeliveryCircuitsTable(db)));
    table = new DeliveriesTable(db, new ReadDataSource(db));
  });
  afterAll(() => db.destroy());
  beforeEach(() => resetDatabase(db));

  /** Commits pending deliveries as the completing unit of work would (without their leases). */
  const schedule = async (hosts: string[]): Promise<string[]> => {
    const ids = hosts.map(() => `dlv-${randomUUID()}`);
    await unitOfWork.run(async (batch) =>
      streams.schedule(batch, hosts.map((host, i) => ({
        type: 'schedule', deliveryId: ids[i], kind: 'job', subjectId: `job-${i}-${randomUUID()}`, url: `http://${host}/hook`,
        destinationHost: host, payload: '{}', subjectCompletedAt: new Date('2026-12-01T10:00:00.000Z'), now: SCHEDULED_AT,
      }))),
    );
    return ids;
  };
  const claim = (limit: number, busyHosts: Record<string, number> = {}) => queue.claimDue({ limit, leaseMs: 60_000, perHostLimit: 2, busyHosts });
  /** The projected row, the lease beside it, and the delivery as the API shows it. */
  const row = async (id: string) => {
    const [stored] = await db.query(
      `SELECT d.status, d.attempt_count, l.token IS NOT NULL AS leased, l.expires_at > now() + interval '50 seconds' AS lease_ahead
         FROM deliveries d LEFT JOIN delivery_leases l ON l.delivery_id = d.id WHERE d.id = $1`,
      [id],
    );
    const shown = await table.findById(id);
    return { ...stored, shown: `${shown.status}/${shown.attemptCount}` };
  };
  const attempt = (delivery: ClaimedDelivery, statusCode: number, responseBody = 'ok'): AttemptOutcomeRecord => ({
    delivery,
    result: {
      outcome: statusCode < 300 ? 'success' : 'http_error', startedAt: new Date('2026-12-01T10:00:01.000Z'), finishedAt: new Date('2026-12-01T10:00:01.005Z'),
      durationMs: 5, statusCode, error: statusCode < 300 ? null : `HTTP ${statusCode}`, responseBody,
    },
    verdict: statusCode < 300 ? { status: 'succeeded', nextAttemptAt: null } : { status: 'failed', nextAttemptAt: RETRY_AT },
  });
  const success = (delivery: ClaimedDelivery, responseBody = 'ok') => attempt(delivery, 200, responseBody);

  it('a claim leases due deliveries once: attempt 1, a token, the lease ahead, shown delivering; a second claim finds nothing', async () => {
    const [id] = await schedule(['a.test:80']);
    expect(await row(id)).toEqual({ status: 'pending', attempt_count: 0, leased: false, lease_ahead: null, shown: 'pending/0' });
    const [claimed, ...more] = await claim(10);
    expect(more).toEqual([]);
    expect(claimed).toMatchObject({ id, kind: 'job', destinationHost: 'a.test:80', attemptCount: 1, payload: '{}' });
    expect(claimed.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(id)).toEqual({ status: 'pending', attempt_count: 0, leased: true, lease_ahead: true, shown: 'delivering/1' });
    expect(await claim(10)).toEqual([]);
  });

  it('at most perHostLimit per host, counting what this process already has in flight there', async () => {
    await schedule(['a.test:80', 'a.test:80', 'a.test:80', 'b.test:80', 'b.test:80', 'b.test:80']);
    const claimed = await claim(10, { 'a.test:80': 1 });
    expect(claimed.map((delivery) => delivery.destinationHost).sort()).toEqual(['a.test:80', 'b.test:80', 'b.test:80']);
    expect(await claim(10, { 'a.test:80': 2, 'b.test:80': 2 })).toEqual([]);
  });

  it('the fast path claims the one delivery that just committed, by id, once; a leased or held one not at all', async () => {
    const [first, second] = await schedule(['a.test:80', 'a.test:80']);
    const claimed = await queue.claimById(second, 60_000);
    expect(claimed).toMatchObject({ id: second, kind: 'job', destinationHost: 'a.test:80', attemptCount: 1, payload: '{}' });
    expect(claimed!.leaseToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(second)).toMatchObject({ leased: true, lease_ahead: true, shown: 'delivering/1' });
    expect(await row(first)).toMatchObject({ leased: false, shown: 'pending/0' });
    expect(await queue.claimById(second, 60_000)).toBeUndefined();
    await queue.releaseUntried([claimed!], 60_000);
    expect(await queue.claimById(second, 60_000)).toBeUndefined();
    expect(await queue.claimById('dlv-unknown', 60_000)).toBeUndefined();
  });

  it('a result under the lease is recorded (row, attempt, event, lease ended); under a stale token nothing is written', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed] = await claim(1);
    expect(await queue.recordAttempts([success({ ...claimed, leaseToken: randomUUID() })])).toEqual(new Set());
    expect(await row(id)).toMatchObject({ status: 'pending', leased: true, shown: 'delivering/1' });
    expect(await db.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1`, [id])).toEqual([{ n: 1 }]);

    expect(await queue.recordAttempts([success(claimed)])).toEqual(new Set([id]));
    expect(await row(id)).toEqual({ status: 'succeeded', attempt_count: 1, leased: false, lease_ahead: null, shown: 'succeeded/1' });
    expect(await db.query(`SELECT a.number, a.status_code, a.error, b.body AS response_body, a.outcome FROM delivery_attempts a LEFT JOIN response_bodies b ON b.delivery_id = a.delivery_id AND b.attempt = a.number`)).toEqual([
      { number: 1, status_code: 200, error: null, response_body: 'ok', outcome: 'succeeded' },
    ]);
    const events = await db.query(`SELECT version, type, data ->> 'attempt' AS attempt FROM events WHERE stream_id = $1 ORDER BY version`, [id]);
    expect(events).toEqual([
      { version: 1, type: 'DeliveryScheduled', attempt: null },
      { version: 2, type: 'DeliverySucceeded', attempt: '1' },
    ]);
  });

  it('a batch with lost leases records the others in one more statement and reports the lost ones', async () => {
    const [kept, lost, alsoKept] = await schedule(['a.test:80', 'b.test:80', 'c.test:80']);
    const claimed = await claim(3);
    const byId = new Map(claimed.map((delivery) => [delivery.id, delivery]));
    const stale = { ...byId.get(lost)!, leaseToken: randomUUID() };
    const run = unitOfWork.run.bind(unitOfWork);
    let units = 0;
    unitOfWork.run = (work) => (units++, run(work));
    try {
      expect(await queue.recordAttempts([success(byId.get(kept)!), success(stale), success(byId.get(alsoKept)!)])).toEqual(new Set([kept, alsoKept]));
    } finally {
      unitOfWork.run = run;
    }
    expect(units).toBe(2); // the refused one, then the rest together (not one per member)
    expect(await row(kept)).toMatchObject({ status: 'succeeded', shown: 'succeeded/1' });
    expect(await row(alsoKept)).toMatchObject({ status: 'succeeded', shown: 'succeeded/1' });
    expect(await row(lost)).toMatchObject({ status: 'pending', leased: true, shown: 'delivering/1' });
    expect(await db.query(`SELECT delivery_id FROM delivery_attempts ORDER BY delivery_id`)).toEqual([kept, alsoKept].sort().map((id) => ({ delivery_id: id })));

    const recorder = new AttemptRecorder(queue);
    expect(await recorder.record(success(stale))).toBe(false);
    expect(await row(lost)).toMatchObject({ status: 'pending', leased: true, shown: 'delivering/1' });
  });

  it('one statement of results is all or nothing (PostgreSQL refuses a NUL); the recorder then records member by member', async () => {
    await schedule(['a.test:80', 'a.test:80']);
    const [first, second] = await claim(2);
    await expect(queue.recordAttempts([success(first), success(second, 'bin\u0000ary')])).rejects.toMatchObject({ code: '22P05' });
    expect(await db.query(`SELECT count(*)::int AS n FROM delivery_attempts`)).toEqual([{ n: 0 }]);

    const recorder = new AttemptRecorder(queue);
    expect(await Promise.all([recorder.record(success(first)), recorder.record(success(second, 'bin\u0000ary'))])).toEqual([true, true]);
    const bodies = await db.query(`SELECT a.delivery_id AS id, b.body AS response_body FROM delivery_attempts a LEFT JOIN response_bodies b ON b.delivery_id = a.delivery_id AND b.attempt = a.number`);
    // The database's own words follow the prefix (localised by the server's lc_messages).
    expect(Object.fromEntries(bodies.map((b: { id: string; response_body: string }) => [b.id, b.response_body]))).toEqual({
      [first.id]: 'ok',
      [second.id]: expect.stringMatching(/^\(not stored: the database refused this result: .+\)$/),
    });
  });

  it('a redelivery asked for during the attempt: the result, decided again on the fresh stream, makes the next attempt due at once', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed] = await claim(1);
    await unitOfWork.run((batch) => streams.redeliver(batch, { type: 'redeliver', deliveryId: id, attemptInFlight: true, now: new Date('2026-12-01T10:00:01.002Z') }));
    expect(await queue.recordAttempts([attempt(claimed, 503)])).toEqual(new Set([id]));
    const events = await db.query(`SELECT version, type, data ->> 'next_attempt_at' AS next FROM events WHERE stream_id = $1 ORDER BY version`, [id]);
    expect(events.map((event: { type: string }) => event.type)).toEqual(['DeliveryScheduled', 'RedeliveryRequested', 'DeliveryAttemptFailed']);
    expect(events[1].next).toBeNull();
    expect(new Date(events[2].next).getTime()).toBeLessThan(RETRY_AT.getTime()); // not the retry schedule's
    expect((await claim(1)).map((delivery) => [delivery.id, delivery.attemptCount])).toEqual([[id, 2]]);
  });

  it('release gives a lease back untried: the attempt not counted, not delivering, held for the delay; a stale token changes nothing', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed] = await claim(1);
    await queue.releaseUntried([{ ...claimed, leaseToken: randomUUID() }], 0);
    expect(await row(id)).toMatchObject({ leased: true, shown: 'delivering/1' });
    await queue.releaseUntried([claimed], 60_000);
    expect(await row(id)).toEqual({ status: 'pending', attempt_count: 0, leased: false, lease_ahead: true, shown: 'pending/0' });
    expect(await claim(1)).toEqual([]);
  });

  it('a deliveries row deleted by hand is back, whole, with the next change on its stream', async () => {
    const [id] = await schedule(['a.test:80']);
    const [claimed] = await claim(1);
    await queue.recordAttempts([attempt(claimed, 500)]);
    const before = await db.query(`SELECT * FROM deliveries WHERE id = $1`, [id]);
    await db.query(`DELETE FROM deliveries WHERE id = $1`, [id]);
    const at = new Date('2026-12-01T10:00:02.000Z');
    await unitOfWork.run((batch) => streams.redeliver(batch, { type: 'redeliver', deliveryId: id, attemptInFlight: false, now: at }));
    const [after] = await db.query(`SELECT * FROM deliveries WHERE id = $1`, [id]);
    expect(after).toEqual({ ...before[0], next_attempt_at: at, updated_at: at, version: 3 });
    expect(await db.query(`SELECT number FROM delivery_attempts WHERE delivery_id = $1`, [id])).toEqual([{ number: 1 }]);
  });

  it("a redelivery's attempt is measured from the redelivery request, not from the subject's completion of long ago", async () => {
    const t = Date.now();
    const ago = (ms: number) => new Date(t - ms);
    const id = `dlv-${randomUUID()}`;
    await unitOfWork.run(async (batch) =>
      streams.schedule(batch, [{
        type: 'schedule', deliveryId: id, kind: 'job', subjectId: `job-${randomUUID()}`, url: 'http://a.test/hook', destinationHost: 'a.test:80',
        payload: '{}', subjectCompletedAt: ago(600_000), now: ago(600_000),
      }]),
    );
    const [first] = await claim(1);
    const gone = { ...attempt(first, 410), verdict: { status: 'failed' as const, nextAttemptAt: null } };
    await queue.recordAttempts([{ ...gone, result: { ...gone.result, startedAt: ago(599_000), finishedAt: ago(598_000) } }]);
    await unitOfWork.run((batch) => streams.redeliver(batch, { type: 'redeliver', deliveryId: id, attemptInFlight: false, now: ago(2_000) }));
    const [second] = await claim(1);
    const ok = success(second);
    await queue.recordAttempts([{ ...ok, result: { ...ok.result, startedAt: ago(1_000), finishedAt: ago(500) } }]);

    expect(await db.query(`SELECT number, measured_from FROM delivery_attempts WHERE delivery_id = $1 ORDER BY number`, [id])).toEqual([
      { number: 1, measured_from: ago(600_000) },
      { number: 2, measured_from: ago(2_000) },
    ]);
    const minutes = await new DeliveryStatsRepository(db, new ReadDataSource(db)).perMinute(ago(900_000));
    const succeeded = minutes.filter((minute) => minute.succeeded > 0);
    expect(succeeded.map((minute) => [minute.succeeded, minute.p50LatencyMs, minute.p99LatencyMs])).toEqual([[1, 1500, 1500]]);
  });
});
