import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { DATABASE_SCHEMA } from '../../src/database-schema';
import { rebuildProjections } from '../support/rebuild-projections';
import { resetDatabase } from '../support/test-app';

describe('migrations', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2, { schema: DATABASE_SCHEMA })).initialize();
    await db.runMigrations();
  });
  afterAll(async () => {
    await db.runMigrations(); // leave the schema in place for the other test files
    await db.destroy();
  });

  const tables = async () =>
    (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY 1`)).map(
      (row: { tablename: string }) => row.tablename,
    );

  it('go up, all the way down, and up again', async () => {
    const upTables = await tables();
    expect(upTables).toEqual(expect.arrayContaining(['events', 'jobs', 'runs', 'steps']));
    for (let i = 0; i < DATABASE_SCHEMA.migrations.length; i++) await db.undoLastMigration();
    expect(await tables()).toEqual([]);
    const applied = await db.runMigrations();
    expect(applied).toHaveLength(DATABASE_SCHEMA.migrations.length);
    expect(await tables()).toEqual(upTables);
  });

  it('imports the history of deliveries written before delivery events, so a rebuild keeps them as they were', async () => {
    await resetDatabase(db);
    // The schema as the release before delivery events left it.
    const names = DATABASE_SCHEMA.migrations.map((migration) => migration.name);
    const later = names.slice(names.indexOf('RecordDeliveryOutcomesAsEvents1764100400000'));
    for (let i = 0; i < later.length; i++) await db.undoLastMigration();
    const at = (ms: number) => new Date(Date.UTC(2026, 10, 20, 12, 0, 0, ms)).toISOString();
    const job = (id: string, url: string) => [
      `INSERT INTO events (stream_id, stream_type, version, type, data, occurred_at) VALUES
         ('${id}', 'job', 1, 'JobCreated', '{"job_id":"${id}","callback_url":"${url}","metadata":{}}', '${at(0)}'),
         ('${id}', 'job', 2, 'JobCompleted', '{"job_id":"${id}","status":"completed","completed_at":"${at(10)}"}', '${at(10)}')`,
      `INSERT INTO jobs (id, status, metadata, callback_url, version, created_at, updated_at, completed_at)
         VALUES ('${id}', 'completed', '{}', '${url}', 2, '${at(0)}', '${at(10)}', '${at(10)}')`,
    ];
    const statements = [
      ...job('job-old-retried', 'http://127.0.0.1:9/a'),
      ...job('job-old-dead', 'http://127.0.0.1:9/b'),
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at,
                               last_attempt_at, last_status_code, last_error, subject_completed_at, created_at, updated_at, succeeded_at)
       VALUES ('dlv-old-1', 'job', 'job-old-retried', 'http://127.0.0.1:9/a', '127.0.0.1:9', '{"job_id":"job-old-retried"}', 'succeeded', 2,
               NULL, '${at(300)}', 200, NULL, '${at(10)}', '${at(11)}', '${at(320)}', '${at(320)}'),
              ('dlv-old-2', 'job', 'job-old-dead', 'http://127.0.0.1:9/b', '127.0.0.1:9', '{"job_id":"job-old-dead"}', 'failed', 1,
               NULL, '${at(20)}', 410, 'HTTP 410', '${at(10)}', '${at(11)}', '${at(30)}', NULL)`,
      `INSERT INTO delivery_attempts (delivery_id, number, started_at, finished_at, duration_ms, status_code, error, response_body) VALUES
         ('dlv-old-1', 1, '${at(20)}', '${at(25)}', 5, 503, 'HTTP 503', 'busy'),
         ('dlv-old-1', 2, '${at(300)}', '${at(320)}', 20, 200, NULL, 'ok'),
         ('dlv-old-2', 1, '${at(20)}', '${at(30)}', 10, 410, 'HTTP 410', NULL)`,
      `UPDATE jobs SET callback_sent_at = '${at(300)}', callback_status_code = 200 WHERE id = 'job-old-retried'`,
      `UPDATE jobs SET callback_sent_at = '${at(20)}', callback_status_code = 410, callback_error = 'HTTP 410' WHERE id = 'job-old-dead'`,
    ];
    for (const statement of statements) await db.query(statement);
    // Since ResponseBodiesOutOfTheLog, what receivers answered is kept beside the log, in response_bodies.
    const readModels = async (bodiesApart = true) => ({
      deliveries: await db.query(
        `SELECT id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at, last_attempt_at,
                last_status_code, last_error, subject_completed_at, created_at, succeeded_at FROM deliveries ORDER BY id`,
      ),
      attempts: await db.query(
        bodiesApart
          ? `SELECT a.delivery_id, a.number, a.started_at, a.finished_at, a.duration_ms, a.status_code, a.error, b.body AS response_body
               FROM delivery_attempts a LEFT JOIN response_bodies b ON b.delivery_id = a.delivery_id AND b.attempt = a.number
              ORDER BY a.delivery_id, a.number`
          : `SELECT delivery_id, number, started_at, finished_at, duration_ms, status_code, error, response_body
               FROM delivery_attempts ORDER BY delivery_id, number`,
      ),
      jobs: await db.query(`SELECT * FROM jobs ORDER BY id`),
    });
    const before = await readModels(false);

    expect((await db.runMigrations()).map((migration) => migration.name)).toEqual(later);
    const imported = await db.query(
      `SELECT stream_id AS "streamId", version, type, schema_version AS "schemaVersion", data->>'next_attempt_at' AS "nextAttemptAt"
         FROM events WHERE stream_type = 'delivery' ORDER BY stream_id, version`,
    );
    expect(imported).toEqual([
      { streamId: 'dlv-old-1', version: 1, type: 'DeliveryScheduled', schemaVersion: 1, nextAttemptAt: null },
      { streamId: 'dlv-old-1', version: 2, type: 'DeliveryAttemptFailed', schemaVersion: 1, nextAttemptAt: null },
      { streamId: 'dlv-old-1', version: 3, type: 'DeliverySucceeded', schemaVersion: 1, nextAttemptAt: null },
      { streamId: 'dlv-old-2', version: 1, type: 'DeliveryScheduled', schemaVersion: 1, nextAttemptAt: null },
      { streamId: 'dlv-old-2', version: 2, type: 'DeliveryDeadLettered', schemaVersion: 1, nextAttemptAt: null },
    ]);
    expect(await db.query(`SELECT id, version FROM deliveries ORDER BY id`)).toEqual([{ id: 'dlv-old-1', version: 3 }, { id: 'dlv-old-2', version: 2 }]);
    // The bodies moved out of the log (kept by reference, with the time of their attempt); no event holds one any more.
    expect(await db.query(`SELECT delivery_id, attempt, body, recorded_at FROM response_bodies ORDER BY delivery_id, attempt`)).toEqual([
      { delivery_id: 'dlv-old-1', attempt: 1, body: 'busy', recorded_at: new Date(at(25)) },
      { delivery_id: 'dlv-old-1', attempt: 2, body: 'ok', recorded_at: new Date(at(320)) },
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM events WHERE data ? 'response_body'`)).toEqual([{ n: 0 }]);

    // Each imported attempt knows what it led to.
    expect(await db.query(`SELECT delivery_id AS id, number, outcome FROM delivery_attempts ORDER BY delivery_id, number`)).toEqual([
      { id: 'dlv-old-1', number: 1, outcome: 'retrying' },
      { id: 'dlv-old-1', number: 2, outcome: 'succeeded' },
      { id: 'dlv-old-2', number: 1, outcome: 'dead_lettered' },
    ]);

    const rebuilt = await rebuildProjections();
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    // As they were, but for a later migration's split of 'failed': this one planned nothing more, a dead letter.
    const split = before.deliveries.map((delivery: { id: string; status: string }) => (delivery.id === 'dlv-old-2' ? { ...delivery, status: 'dead_lettered' } : delivery));
    expect(await readModels()).toEqual({ ...before, deliveries: split });
    await resetDatabase(db);
  });
});
