import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { EndpointFanOut } from '../../src/endpoints/fan-out/endpoint-fan-out';
import { endpointDeliveryId } from '../../src/endpoints/fan-out/fan-out-plan';
import { EndpointCursorsTable } from '../../src/endpoints/persistence/endpoint-cursors.table';
import { EndpointSecretsTable } from '../../src/endpoints/persistence/endpoint-secrets.table';
import { EndpointStreams } from '../../src/endpoints/persistence/endpoint-streams';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { JobsTable } from '../../src/jobs/persistence/jobs.table';
import type { AppConfig } from '../../src/platform/config/app-config';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import type { WriteBatch } from '../../src/platform/database/write-batch';
import { EventStore } from '../../src/platform/event-store/event-store';
import { RunsTable } from '../../src/runs/persistence/runs.table';
import type { DeliveryDispatcher } from '../../src/webhooks/dispatch/delivery-dispatcher';
import type { ClaimedDelivery } from '../../src/webhooks/dispatch/delivery-queue';
import { DeliveryLeasesTable } from '../../src/webhooks/persistence/delivery-leases.table';
import { DeliveryStreams } from '../../src/webhooks/persistence/delivery-streams';
import { openTestDatabase, resetDatabase } from '../support/database';
import { eventually } from '../support/poll';

const CONFIG = { callbackTimeoutMs: 1000, stepWebhookTimeoutMs: 1000, deliveryLeaseMarginMs: 1000 } as AppConfig;
const COMPLETED_AT = new Date('2026-12-03T09:00:00.000Z');

/**
 * The fan-out's SQL against the real migrated PostgreSQL, without the app: cursors read and moved under their
 * guard, completions read up to the horizon, deliveries scheduled once per endpoint × event however many fan-outs
 * race, paused endpoints held, the claim leaving a paused endpoint's deliveries alone, secrets as they sign.
 */
describe('the endpoint fan-out on PostgreSQL', () => {
  let db: DataSource;
  let unitOfWork: UnitOfWork;
  let eventStore: EventStore;
  let endpoints: EndpointStreams;
  const handedOver: ClaimedDelivery[] = [];
  const fanOut = () =>
    new EndpointFanOut(
      unitOfWork, eventStore, new EndpointCursorsTable(db), new DeliveryStreams(eventStore),
      { dispatchAllLeased: (deliveries: ClaimedDelivery[]) => void handedOver.push(...deliveries) } as unknown as DeliveryDispatcher,
      new JobsTable(db), new RunsTable(db), CONFIG,
    );
  beforeAll(async () => {
    db = await openTestDatabase();
    unitOfWork = new UnitOfWork(db, { publishAll: () => undefined } as unknown as EventBus);
    eventStore = new EventStore(db, EVENT_SCHEMAS);
    endpoints = new EndpointStreams(eventStore);
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await resetDatabase(db);
    handedOver.length = 0;
  });

  const createEndpointIn = async (batch: WriteBatch, endpointId: string, eventTypes: string[] | null, startsAfter = '0', enabled = true): Promise<void> => {
    await endpoints.create(batch, {
      type: 'create', endpointId, url: `http://127.0.0.1:9/${endpointId}`, description: '', eventTypes, enabled, rateLimit: null, retrySchedule: null, metadata: {}, startsAfter,
      secretId: 'sec-1', now: new Date(),
    }, true);
    EndpointCursorsTable.start(batch, endpointId, startsAfter);
  };
  const createEndpoint = async (eventTypes: string[] | null, startsAfter = '0', enabled = true): Promise<string> => {
    const endpointId = `ep-${randomUUID()}`;
    await unitOfWork.run((batch) => createEndpointIn(batch, endpointId, eventTypes, startsAfter, enabled));
    return endpointId;
  };
  /** Job completions as the log holds them (with their rows, whose metadata the envelope carries). */
  const completeJobs = async (statuses: string[]): Promise<string[]> => {
    const ids = statuses.map(() => `job-${randomUUID()}`);
    await db.query(
      `INSERT INTO jobs (id, status, metadata, version, created_at, updated_at, completed_at)
       SELECT id, status, jsonb_build_object('n', n), 2, $3, $3, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS j(id, status, n)`,
      [ids, statuses, COMPLETED_AT],
    );
    await unitOfWork.run(async (batch) =>
      eventStore.appendNew(batch, ids.map((id, i) => ({
        streamId: id, streamType: 'job', version: 2, type: 'JobCompleted', data: { job_id: id, status: statuses[i], completed_at: COMPLETED_AT.toISOString() }, occurredAt: COMPLETED_AT,
      }))),
    );
    return ids;
  };
  const scheduledFor = async (endpointId: string): Promise<{ subject_id: string; event_type: string; payload: string; id: string }[]> =>
    db.query(`SELECT d.id, d.subject_id, d.event_type, d.payload FROM deliveries d JOIN events e ON e.stream_id = d.id AND e.version = 1
               WHERE d.endpoint_id = $1 ORDER BY e.sequence`, [endpointId]);
  const cursorOf = async (endpointId: string): Promise<string> =>
    (await db.query(`SELECT position::text AS position FROM endpoint_cursors WHERE endpoint_id = $1`, [endpointId]))[0].position;
  const horizon = async (): Promise<string> => (await db.query(`SELECT max(sequence)::text AS horizon FROM events`))[0].horizon;

  it('schedules each subscribed completion once, in commit order, leased to itself, and moves the cursor to the horizon', async () => {
    const failedOnly = await createEndpoint(['job.failed']);
    const everything = await createEndpoint(null);
    const jobs = await completeJobs(['completed', 'failed', 'cancelled']);
    const end = await horizon();
    expect(await fanOut().fanOut(Date.now())).toBe(false);
    expect((await scheduledFor(failedOnly)).map((row) => [row.subject_id, row.event_type])).toEqual([[jobs[1], 'job.failed']]);
    const all = await scheduledFor(everything);
    expect(all.map((row) => [row.subject_id, row.event_type])).toEqual([[jobs[0], 'job.completed'], [jobs[1], 'job.failed'], [jobs[2], 'job.cancelled']]);
    expect(JSON.parse(all[0].payload)).toEqual({
      type: 'job.completed', timestamp: COMPLETED_AT.toISOString(), data: { job_id: jobs[0], status: 'completed', completed_at: COMPLETED_AT.toISOString(), metadata: { n: 1 } },
    });
    expect(all[0].id).toBe(endpointDeliveryId(everything, (await db.query(`SELECT sequence::text FROM events WHERE stream_id = $1 AND type = 'JobCompleted'`, [jobs[0]]))[0].sequence));
    // At the horizon the pass read up to (the deliveries it scheduled are events after it).
    expect(await cursorOf(failedOnly)).toBe(end);
    expect(await cursorOf(everything)).toBe(end);
    // Handed to the dispatcher already leased (attempt 1), as a subject's own callback is.
    expect(handedOver.map((delivery) => delivery.attemptCount)).toEqual([1, 1, 1, 1]);
    const leases = await db.query(`SELECT count(*)::int AS n FROM delivery_leases WHERE token IS NOT NULL AND attempt = 1`);
    expect(leases).toEqual([{ n: 4 }]);
    expect(await fanOut().fanOut(Date.now())).toBe(false); // nothing new: nothing more
    expect(await scheduledFor(everything)).toHaveLength(3);
  });

  it('four fan-outs racing over 3 endpoints schedule every event exactly once per endpoint', async () => {
    const ids = [await createEndpoint(null), await createEndpoint(['job.*']), await createEndpoint(['job.completed'])];
    const racers = [fanOut(), fanOut(), fanOut(), fanOut()];
    const jobs: string[] = [];
    for (let round = 0; round < 5; round++) {
      jobs.push(...(await completeJobs(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'completed' : 'failed')))));
      await Promise.all(racers.map((racer) => racer.fanOut(Date.now())));
    }
    while ((await Promise.all(racers.map((racer) => racer.fanOut(Date.now())))).some(Boolean));
    for (const id of ids.slice(0, 2)) expect((await scheduledFor(id)).map((row) => row.subject_id)).toEqual(jobs);
    expect((await scheduledFor(ids[2])).map((row) => row.subject_id)).toEqual(jobs.filter((_, i) => i % 2 === 1));
    expect(new Set(handedOver.map((delivery) => delivery.id)).size).toBe(handedOver.length);
  });

  it('holds at an event it cannot read (never skipping it), after sending the ones before it', async () => {
    const everything = await createEndpoint(null);
    const before = await completeJobs(['completed']);
    await db.query(`INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
                    VALUES ('job-from-the-future', 'job', 2, 'JobCompleted', 99, '{"job_id":"job-from-the-future","status":"completed"}', now())`);
    const [{ sequence: unreadable }] = await db.query(`SELECT sequence::text FROM events WHERE stream_id = 'job-from-the-future'`);
    await completeJobs(['failed']);
    await fanOut().fanOut(Date.now());
    await fanOut().fanOut(Date.now());
    expect((await scheduledFor(everything)).map((row) => row.subject_id)).toEqual(before);
    expect(await cursorOf(everything)).toBe(String(BigInt(unreadable) - 1n));
  });

  it('a full page of endpoints held at an unreadable event neither spins the fan-out nor starves the endpoints after it', async () => {
    const held = Array.from({ length: 200 }, () => `ep-${randomUUID()}`);
    await unitOfWork.run(async (batch) => {
      for (const endpointId of held) await createEndpointIn(batch, endpointId, null);
    });
    await db.query(`INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
                    VALUES ('job-from-the-future', 'job', 2, 'JobCompleted', 99, '{"job_id":"job-from-the-future","status":"completed"}', now())`);
    const [{ sequence: unreadable }] = await db.query(`SELECT sequence::text FROM events WHERE stream_id = 'job-from-the-future'`);
    const later = await createEndpoint(null, unreadable);
    const jobs = await completeJobs(['failed']);
    const fanOutOnOneReplica = fanOut();
    const passes: boolean[] = [];
    while (passes.length < 10 && (passes.length === 0 || passes[passes.length - 1])) passes.push(await fanOutOnOneReplica.fanOut(Date.now()));
    // Page by page (the held ones move up to the unreadable event, then stay), the later endpoint served, then done.
    expect({ ended: passes[passes.length - 1] === false, passes: passes.length <= 4 }).toEqual({ ended: true, passes: true });
    expect((await scheduledFor(later)).map((row) => row.subject_id)).toEqual(jobs);
    expect(await cursorOf(held[0])).toBe(String(BigInt(unreadable) - 1n));
    // Again from the furthest behind: the held page (nothing moves, the next pass reads on), then the rest; done.
    expect([await fanOutOnOneReplica.fanOut(Date.now()), await fanOutOnOneReplica.fanOut(Date.now())]).toEqual([true, false]);
    expect(await scheduledFor(held[0])).toEqual([]);
  });

  it('holds a paused endpoint where it is, and starts a new one where it was told (backfill)', async () => {
    const early = await completeJobs(['failed']);
    const paused = await createEndpoint(null, '0', false);
    const fromStart = await createEndpoint(null, '0');
    const fromNow = await createEndpoint(null, await horizon());
    const late = await completeJobs(['completed']);
    await fanOut().fanOut(Date.now());
    expect(await scheduledFor(paused)).toEqual([]);
    expect(await cursorOf(paused)).toBe('0');
    expect((await scheduledFor(fromStart)).map((row) => row.subject_id)).toEqual([...early, ...late]);
    expect((await scheduledFor(fromNow)).map((row) => row.subject_id)).toEqual(late);
  });

  it('a pause that commits while a fan-out unit waits is seen by it: nothing is scheduled after the pause committed', async () => {
    const endpointId = await createEndpoint(null);
    await completeJobs(['failed']);
    // Another session holds the endpoint's cursor row, so the fan-out's unit takes its snapshot, then waits.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM endpoint_cursors WHERE endpoint_id = $1 FOR UPDATE`, [endpointId]);
      const order: string[] = [];
      const lockWaits = async () => (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`))[0].n as number;
      const fannedOut = fanOut().fanOut(Date.now()).then(() => order.push('fan-out'));
      await eventually(async () => (await lockWaits()) >= 1, { what: "the fan-out's unit waiting for the cursor row" });
      const paused = unitOfWork.run((batch) => endpoints.run(batch, { type: 'update', endpointId, enabled: false, now: new Date() })).then(() => order.push('pause'));
      // The pause commits at once, or waits for the fan-out (which share-locked the endpoint before the cursor).
      await eventually(async () => order.includes('pause') || (await lockWaits()) >= 2, { what: 'the pause committed or waiting for the fan-out' });
      await holder.query('COMMIT');
      await Promise.all([fannedOut, paused]);
      const scheduled = await scheduledFor(endpointId);
      // Committed before the pause, a delivery is right; after it, never.
      expect({ order, scheduled: scheduled.length }).toEqual(order[0] === 'pause' ? { order: ['pause', 'fan-out'], scheduled: 0 } : { order: ['fan-out', 'pause'], scheduled: 1 });
    } finally {
      await holder.end();
    }
  });

  it("the claim leaves a paused or deleted endpoint's deliveries waiting, and takes them once it is enabled", async () => {
    const endpointId = await createEndpoint(null);
    await completeJobs(['failed']);
    await fanOut().fanOut(Date.now());
    const leases = new DeliveryLeasesTable(db);
    const [delivery] = await scheduledFor(endpointId);
    await db.query(`DELETE FROM delivery_leases`); // as if its first attempt's lease was given back
    const claim = () => leases.claimDue({ limit: 10, leaseMs: 1000, perHostLimit: 10, busyHosts: {} });
    await unitOfWork.run((batch) => endpoints.run(batch, { type: 'update', endpointId, enabled: false, now: new Date() }));
    expect(await claim()).toEqual([]);
    expect(await leases.claimById(delivery.id, 1000)).toBeUndefined();
    await unitOfWork.run((batch) => endpoints.run(batch, { type: 'update', endpointId, enabled: true, now: new Date() }));
    expect((await claim()).map((claimed) => [claimed.id, claimed.endpointId])).toEqual([[delivery.id, endpointId]]);
    await db.query(`DELETE FROM delivery_leases`);
    await unitOfWork.run((batch) => endpoints.run(batch, { type: 'delete', endpointId, now: new Date() }));
    expect(await claim()).toEqual([]);
  });

  it('signs with the secrets not yet expired, newest first; the current one is the one without an expiry', async () => {
    const secrets = new EndpointSecretsTable(db);
    const endpointId = `ep-${randomUUID()}`;
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000);
    await unitOfWork.run(async (batch) => {
      EndpointSecretsTable.insert(batch, endpointId, { secretId: 'sec-old', sealed: 'plain:old', createdAt: at(-30) });
      EndpointSecretsTable.insert(batch, endpointId, { secretId: 'sec-mid', sealed: 'plain:mid', createdAt: at(-20) });
      EndpointSecretsTable.insert(batch, endpointId, { secretId: 'sec-new', sealed: 'plain:new', createdAt: at(-10) });
    });
    await unitOfWork.run(async (batch) => {
      EndpointSecretsTable.expire(batch, endpointId, 'sec-old', at(60), at(-40));
    });
    await unitOfWork.run(async (batch) => {
      EndpointSecretsTable.expire(batch, endpointId, 'sec-mid', at(60), at(-1)); // a second rotation: sec-old stops
    });
    expect((await secrets.signing([endpointId])).get(endpointId)!.map((secret) => secret.sealed)).toEqual(['plain:new', 'plain:mid']);
    expect((await secrets.current(endpointId))!.sealed).toBe('plain:new');
    await unitOfWork.run(async (batch) => EndpointSecretsTable.removeAll(batch, endpointId));
    expect(await secrets.signing([endpointId])).toEqual(new Map());
  });
});
