import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from './database-schema';
import { loadAppConfig } from './platform/config/load-app-config';
import { dataSourceOptions } from './platform/database/data-source-options';
import { startEmbeddedDatabase } from './platform/database/embedded-database';
import { runMigrationsExclusively } from './platform/database/migration-runner';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.embeddedDatabaseDir, console.log);
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url, 2, { schema: DATABASE_SCHEMA })).initialize();
  try {
    const applied = await runMigrationsExclusively(dataSource);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
