import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from '../../src/database-schema';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';

/** This worker's migrated test database (see worker-database.ts), without the Nest container: the integration tier. */
export function openTestDatabase(poolSize = 4): Promise<DataSource> {
  return new DataSource(dataSourceOptions(process.env.DATABASE_URL!, poolSize, { schema: DATABASE_SCHEMA })).initialize();
}

const TABLES = ['response_bodies', 'delivery_attempts', 'delivery_leases', 'deliveries', 'operations', 'endpoint_cursors', 'endpoint_secrets', 'endpoints', 'delivery_rate_windows', 'delivery_circuits', 'steps', 'runs', 'jobs', 'events'];

export async function resetDatabase(db: DataSource): Promise<void> {
  const existing: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY($1)`,
    [TABLES],
  );
  if (existing.length === 0) return;
  // A running app may be recording an attempt (it locks these tables in another order): PostgreSQL then picks one
  // of the two to abort as a deadlock. When that is the TRUNCATE, it simply runs again.
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query(`TRUNCATE ${existing.map((t) => t.tablename).join(', ')} RESTART IDENTITY`);
      return;
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (code !== '40P01' || attempt >= 5) throw error;
    }
  }
}

/**
 * The plan PostgreSQL picks for `sql` with sequential scans turned off, as text: an index it cannot use for the
 * query shows as its absence. The tables are analysed first, so the plan follows these rows, not stale statistics.
 */
export async function planWithoutSeqScans(db: DataSource, tables: readonly string[], sql: string, params: unknown[] = []): Promise<string> {
  await db.query(`ANALYZE ${tables.join(', ')}`);
  const session = db.createQueryRunner();
  await session.startTransaction();
  try {
    await session.query('SET LOCAL enable_seqscan = off');
    return (await session.query(`EXPLAIN ${sql}`, params)).map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
  } finally {
    await session.rollbackTransaction();
    await session.release();
  }
}
