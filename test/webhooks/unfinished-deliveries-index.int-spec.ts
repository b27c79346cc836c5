import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, type Logger } from 'typeorm';
import { DATABASE_SCHEMA } from '../../src/database-schema';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { ReadDataSource } from '../../src/platform/database/read-data-source';
import { DeliveriesTable } from '../../src/webhooks/persistence/deliveries.table';
import { planWithoutSeqScans, resetDatabase } from '../support/database';

const SUCCEEDED = 3000;
const DEAD_LETTERS = 40;

/**
 * Dead letters stay unfinished for ever, scattered over the history (issue 24): the backlog and a list page of one
 * status must read the unfinished-deliveries index, not the history. The statements are the ones DeliveriesTable
 * sends, recorded as it sends them, then planned with sequential scans off.
 */
describe('unfinished deliveries, newest first, on PostgreSQL', () => {
  let db: DataSource;
  const sent: { sql: string; params: unknown[] }[] = [];
  const recorder: Logger = {
    logQuery: (sql, params) => void sent.push({ sql, params: (params as unknown[] | undefined) ?? [] }),
    logQueryError: () => undefined, logQuerySlow: () => undefined, logSchemaBuild: () => undefined, logMigration: () => undefined, log: () => undefined,
  };
  const statementOf = async (work: () => Promise<unknown>) => {
    sent.length = 0;
    await work();
    return sent.find(({ sql }) => /FROM "?deliveries"? "?delivery"?/.test(sql))!;
  };

  beforeAll(async () => {
    db = await new DataSource({ ...dataSourceOptions(process.env.DATABASE_URL!, 2, { schema: DATABASE_SCHEMA }), logging: ['query'], logger: recorder }).initialize();
    await resetDatabase(db);
    // A history: many delivered, a few dead letters among them, one delivery retrying now.
    await db.query(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at, subject_completed_at, created_at, updated_at)
       SELECT 'dlv-' || i, 'job', 'job-' || i, 'https://ci.example.com/hook', 'ci.example.com', '{}',
              CASE WHEN i % ($1 / $2) = 0 THEN 'dead_lettered' ELSE 'succeeded' END, 1, NULL, t, t, t
         FROM generate_series(1, $1::int) AS i, LATERAL (SELECT timestamptz '2026-10-01' + i * interval '1 minute' AS t) AS at`,
      [SUCCEEDED, DEAD_LETTERS],
    );
    await db.query(`INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at, subject_completed_at, created_at, updated_at)
                    VALUES ('dlv-now', 'job', 'job-now', 'https://ci.example.com/hook', 'ci.example.com', '{}', 'retrying', 1, now(), now(), now(), now())`);
    await db.query('VACUUM ANALYZE deliveries'); // as autovacuum leaves an old history: pages all-visible
  });
  afterAll(() => db.destroy());

  it('counts the backlog from the index alone', async () => {
    const deliveries = new DeliveriesTable(db, new ReadDataSource(db));
    const { sql, params } = await statementOf(() => deliveries.backlog());
    expect(await deliveries.backlog()).toMatchObject({ deadLetters: DEAD_LETTERS, retrying: 1, pending: 0 });
    expect(await planWithoutSeqScans(db, ['deliveries'], sql, params)).toMatch(/Index Only Scan using deliveries_unfinished_newest_first on deliveries/);
  });

  it('reads a page of one status newest first in index order, without sorting all of them', async () => {
    const deliveries = new DeliveriesTable(db, new ReadDataSource(db));
    const page = await deliveries.list({ status: 'dead_lettered', limit: 10 });
    expect(page.map((row) => row.id)).toEqual(Array.from({ length: 10 }, (_, k) => `dlv-${SUCCEEDED - k * (SUCCEEDED / DEAD_LETTERS)}`));
    const { sql, params } = await statementOf(() => deliveries.list({ status: 'dead_lettered', limit: 10, after: { at: page[9].createdAt, id: page[9].id } }));
    const plan = await planWithoutSeqScans(db, ['deliveries'], sql, params);
    expect(plan).toMatch(/Index Scan using deliveries_unfinished_newest_first on deliveries/);
    expect(plan).not.toMatch(/Sort/);
  });
});
