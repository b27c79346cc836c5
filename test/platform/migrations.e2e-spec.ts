import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import { DATABASE_SCHEMA } from '../../src/database-schema';

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
});
