import { DataSourceOptions } from 'typeorm';
import { NeverCrashingPgClient } from './never-crashing-pg-client';
import { ENTITIES, MIGRATIONS } from './schema';

/** How long a request waits for a pooled connection before it is answered 503 (the database may be gone). */
const CONNECTION_TIMEOUT_MS = 5000;

/** Server-side limit on one statement; a longer silence on a connection is taken as the connection being dead. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

export function dataSourceOptions(url: string, poolSize: number, statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false, // MigrationRunner runs them under an advisory lock so replicas can start together
    synchronize: false,
    extra: {
      max: poolSize,
      application_name: 'callback-service',
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      statement_timeout: statementTimeoutMs,
      keepAlive: true,
      Client: NeverCrashingPgClient,
    },
  };
}
