import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { PurgeTransactions, StreamGrewDuringPurge } from '../../src/retention/persistence/purge-transactions';
import { DeliveryStreams } from '../../src/webhooks/persistence/delivery-streams';
import { eventually } from '../support/poll';
import { closedPort } from '../support/receiver';
import { resetDatabase, startTestApp, type TestApp } from '../support/test-app';

/** A cutoff after everything: whatever finished is old enough. */
const future = () => new Date(Date.now() + 60_000);

describe('a purge and a command on the same old stream never both succeed', () => {
  let t: TestApp;
  let purges: PurgeTransactions;

  beforeAll(async () => {
    // The background purge stays off: the test runs each purge itself, at the moment it needs.
    t = await startTestApp({ RETENTION: 'forever', RESPONSE_BODY_RETENTION: 'forever' });
    await resetDatabase(t.db);
    purges = t.app.get(PurgeTransactions);
  });
  afterAll(() => t.close());

  /** A finished job; with a callback, one to a closed port, dead-lettered once its retries are spent (it may be re-pointed). */
  const finishedJob = async (withCallback = false): Promise<string> => {
    const callback = withCallback ? { callback_url: `http://127.0.0.1:${await closedPort()}/gone` } : {};
    const id = (await request(t.http).post('/v1/jobs').send(callback).expect(201)).body.id;
    await request(t.http).patch(`/v1/jobs/${id}`).send({ status: 'completed' }).expect(200);
    if (withCallback) {
      await eventually(async () => (await t.db.query(`SELECT status FROM deliveries WHERE subject_id = $1`, [id]))[0]?.status === 'dead_lettered', {
        what: 'the callback dead-lettered',
      });
    }
    return id;
  };
  const purgeRecords = async () => (await t.db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'HistoryPurged'`))[0].n as number;
  const eventsOf = async (id: string) => (await t.db.query(`SELECT version, type FROM events WHERE stream_id = $1 ORDER BY version`, [id])) as { version: number; type: string }[];

  it('the purge commits between the command reading the stream and committing: the command, run again, finds no delivery (404), and leaves no event behind', async () => {
    // A redelivery of a finished job's dead-lettered callback appends to an old stream.
    const id = await finishedJob(true);
    const [{ id: deliveryId }] = await t.db.query(`SELECT id FROM deliveries WHERE subject_id = $1`, [id]);
    const unitOfWork = t.app.get(UnitOfWork);
    const streams = t.app.get(DeliveryStreams);
    let runs = 0;
    const redeliver = unitOfWork.run(async (batch) => {
      runs++;
      await streams.redeliver(batch, { type: 'redeliver', deliveryId, attemptInFlight: false, now: new Date() });
      if (runs === 1) expect(await purges.purgeFinished('jobs', future(), null, 200)).toMatchObject({ roots: 1, deliveries: 1 });
    });
    await expect(redeliver).rejects.toMatchObject({ code: 'not_found', message: `delivery ${deliveryId} not found` });
    expect(runs).toBe(2);
    expect(await eventsOf(id)).toEqual([]);
    expect(await eventsOf(deliveryId)).toEqual([]);
    await request(t.http).get(`/v1/jobs/${id}`).expect(404);
    await request(t.http).get(`/v1/deliveries/${deliveryId}`).expect(404);
  });

  it('the command holds the stream first: the purge waits for it, finds the stream grew, rolls back and leaves it whole', async () => {
    const id = await finishedJob();
    const recordsBefore = await purgeRecords();
    // A command's commit, held open: its stream's last event locked (as EventStore.append does), its event appended.
    const command = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await command.connect();
    try {
      await command.query('BEGIN');
      expect((await command.query(`SELECT sequence FROM events WHERE stream_id = $1 AND version = 2 FOR KEY SHARE`, [id])).rowCount).toBe(1);
      await command.query(
        `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         VALUES ($1, 'job', 3, 'JobCallbackUrlChanged', 1, '{"callback_url":"http://127.0.0.1:9/late"}', now())`,
        [id],
      );
      const purge = purges.purgeFinished('jobs', future(), null, 200);
      const outcome = purge.then(() => 'committed', (error) => error);
      await eventually(
        // The statement's start: pg_stat_activity keeps only its first kilobyte.
        async () => (await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH page AS%'`))[0].n === 1,
        { what: 'the purge waiting for the command' },
      );
      await command.query('COMMIT');
      const error = await outcome;
      expect(error).toBeInstanceOf(StreamGrewDuringPurge);
      expect((error as StreamGrewDuringPurge).streamId).toBe(id);
    } finally {
      await command.end();
    }
    expect(await eventsOf(id)).toEqual([
      { version: 1, type: 'JobCreated' },
      { version: 2, type: 'JobCompleted' },
      { version: 3, type: 'JobCallbackUrlChanged' },
    ]);
    expect((await request(t.http).get(`/v1/jobs/${id}`).expect(200)).body).toMatchObject({ id, status: 'completed' });
    expect(await purgeRecords()).toBe(recordsBefore);
  });

  it('a page finished and delivered is purged; the same page again purges nothing and records nothing', async () => {
    const id = await finishedJob();
    const recordsBefore = await purgeRecords();
    // What the last test left (a job whose stream grew after its projection row was written) is purged with it.
    const first = await purges.purgeFinished('jobs', future(), null, 200);
    expect(first).toMatchObject({ next: null, roots: 2, steps: 0, deliveries: 0 });
    await request(t.http).get(`/v1/jobs/${id}`).expect(404);
    expect(await purges.purgeFinished('jobs', future(), null, 200)).toEqual({ next: null, roots: 0, steps: 0, deliveries: 0, events: 0 });
    expect(await purgeRecords()).toBe(recordsBefore + 1);
  });
});
