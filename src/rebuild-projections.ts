import { DataSource } from 'typeorm';
import { DATABASE_SCHEMA } from './database-schema';
import { EVENT_SCHEMAS } from './event-schemas';
import { loadAppConfig } from './platform/config/load-app-config';
import { dataSourceOptions } from './platform/database/data-source-options';
import { startEmbeddedDatabase } from './platform/database/embedded-database';
import { runMigrationsExclusively } from './platform/database/migration-runner';
import { EventStore } from './platform/event-store/event-store';
import { ProjectionRebuilder } from './platform/projections/projection-rebuilder';
import { readModels } from './read-models';

/**
 * `npm run projections:rebuild`: empties every read model of DATABASE_URL (or the embedded database) and derives
 * it again from the event log. Run it with the service stopped: it refuses while a service uses the database.
 */
async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.embeddedDatabaseDir, console.log);
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url, 2, { schema: DATABASE_SCHEMA })).initialize();
  try {
    await runMigrationsExclusively(dataSource);
    const eventStore = new EventStore(dataSource, EVENT_SCHEMAS);
    const started = Date.now();
    const rebuilder = new ProjectionRebuilder(dataSource, eventStore, readModels(), console.log);
    const { streams, events } = await rebuilder.rebuild();
    const counts = Object.entries(streams).map(([type, count]) => `${count} ${type}`).join(', ');
    console.log(`rebuilt from ${events} events (${counts} streams) in ${Date.now() - started} ms`);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`projections:rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
