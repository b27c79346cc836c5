import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MIGRATION_LOCK_KEY } from '../../src/platform/database/migration-runner';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from '../../src/database-schema';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { SERVICE_PRESENCE_LOCK } from '../../src/platform/database/service-presence';
import { EventStore } from '../../src/platform/event-store/event-store';
import { ProjectionRebuilder } from '../../src/platform/projections/projection-rebuilder';
import { readModels } from '../../src/read-models';
import { eventually } from '../support/poll';
import { rebuildProjections } from '../support/rebuild-projections';
import { startService, type ServiceProcess } from '../support/service-process';

const REFUSAL = 'projections:rebuild failed: a service is running against this database: stop every instance, then rebuild';

/** Advisory locks are per database: the apps of other Jest workers and runs on the same server hold their own. */
const IN_THIS_DATABASE = 'database = (SELECT oid FROM pg_database WHERE datname = current_database())';

describe('npm run projections:rebuild against a running service whose presence connection was dropped', () => {
  let db: pg.Client;
  let service: ServiceProcess;

  beforeAll(async () => {
    db = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'presence test' });
    await db.connect();
    service = await startService({});
  });
  afterAll(async () => {
    service.child.kill('SIGKILL');
    await service.exited;
    await db.end();
  });

  /** The backend that holds the service's presence, once it holds it. */
  const presenceHolder = async (): Promise<number | undefined> => {
    const { rows } = await db.query(
      `SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE a.application_name = 'callback-service presence' AND l.${IN_THIS_DATABASE}
          AND l.locktype = 'advisory' AND l.objid = $1 AND l.granted`,
      [SERVICE_PRESENCE_LOCK],
    );
    return rows.length === 1 ? Number(rows[0].pid) : undefined;
  };
  const terminate = async (pid: number) => expect((await db.query('SELECT pg_terminate_backend($1) AS done', [pid])).rows[0].done).toBe(true);

  async function expectServiceFine(): Promise<void> {
    const created = await fetch(`${service.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(201);
    const job = (await created.json()) as { id: string; status: string };
    const read = await fetch(`${service.url}/v1/jobs/${job.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { status: string }).status).toBe('created');
  }

  it('refuses when it starts in the instant the presence is gone, the service takes its presence again promptly, and the rebuild still refuses', async () => {
    // Hold the rebuild at its migrations lock until the presence connection has been dropped, then let it go at once.
    const first = await eventually(presenceHolder, { what: 'the service to hold its presence' });
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const rebuilding = rebuildProjections();
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE ${IN_THIS_DATABASE} AND locktype = $1 AND objid = $2 AND NOT granted`, ['advisory', MIGRATION_LOCK_KEY])).rows[0].n === 1,
      { what: 'the rebuild to wait for the migrations lock' },
    );
    await terminate(first);
    await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    const rightAfter = await rebuilding;
    expect([rightAfter.code, rightAfter.stderr.trim()]).toEqual([1, REFUSAL]);

    const second = await eventually(presenceHolder, { timeoutMs: 3000, what: 'the service to take its presence again' });
    expect(second).not.toBe(first);
    await terminate(second);
    await eventually(async () => ((await presenceHolder()) ?? second) !== second, {
      timeoutMs: 3000,
      what: 'the service to take its presence again after a second drop',
    });
    const later = await rebuildProjections();
    expect([later.code, later.stderr.trim()]).toEqual([1, REFUSAL]);

    expect(service.child.exitCode).toBeNull();
    await expectServiceFine();
  }, 60_000);

  it('a rebuild that took the lock in the gap gives up when a service asks for its presence back, and changes nothing', async () => {
    service.child.kill('SIGKILL');
    await service.exited;
    await eventually(async () => (await presenceHolder()) === undefined, { what: 'the killed service to let go of its presence' });
    const [{ n: jobsBefore }] = (await db.query('SELECT count(*)::int AS n FROM jobs')).rows;
    expect(jobsBefore).toBeGreaterThan(0);
    const dataSource = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2, { schema: DATABASE_SCHEMA })).initialize();
    const comingBack = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'callback-service presence' });
    await comingBack.connect();
    try {
      const eventStore = new EventStore(dataSource, EVENT_SCHEMAS);
      const rebuilder = new ProjectionRebuilder(dataSource, eventStore, readModels(), () => undefined);
      const rebuilding = rebuilder.rebuild().then(() => 'rebuilt', (error: Error) => error.message);
      await eventually(
        async () => (await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE ${IN_THIS_DATABASE} AND locktype = $1 AND objid = $2 AND granted`, ['advisory', SERVICE_PRESENCE_LOCK])).rows[0].n === 1,
        { what: 'the rebuild to hold the presence lock' },
      );
      // What ServicePresence does after its connection dropped: ask for the lock and wait.
      const retaken = comingBack.query('SELECT pg_advisory_lock_shared($1)', [SERVICE_PRESENCE_LOCK]);
      expect(await rebuilding).toBe('a service is running against this database: stop every instance, then rebuild');
      await retaken;
      expect((await db.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n).toBe(jobsBefore);
    } finally {
      await comingBack.end();
      await dataSource.destroy();
    }
  });
});
