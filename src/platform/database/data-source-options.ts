import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import { NeverCrashingPgClient } from './never-crashing-pg-client';

/** How long a request waits for a pooled connection before it is answered 503 (the database may be gone). */
const CONNECTION_TIMEOUT_MS = 5000;

/**
 * Server-side limit on one statement; a longer silence on a connection is taken as the connection being dead.
 * It also limits how long a session may sit idle inside a transaction: a connection partitioned away mid-
 * transaction (its COMMIT never arrives, nor its close) would otherwise hold its locks, e.g. the event append
 * lock every commit needs, until the server's TCP keepalive gives up on it, hours later.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
/** How long the server lets a session sit idle inside a transaction, at the least (a partitioned lock holder). */
const MIN_IDLE_IN_TRANSACTION_MS = 5000;

/** The entities and migrations of the application; the composition root provides them. */
export interface DatabaseSchema {
  entities: NonNullable<DataSourceOptions['entities']>;
  /** The migration classes in order (a list, not TypeORM's list-or-map: tools count and name them). */
  migrations: (new () => MigrationInterface)[];
}

/** Raw SQL needs no entities: tools and tests that only query can leave the schema out. */
const NO_SCHEMA: DatabaseSchema = { entities: [], migrations: [] };

export function dataSourceOptions(
  url: string,
  poolSize: number,
  {
    schema = NO_SCHEMA,
    statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS,
    readOnly = false,
  }: { schema?: DatabaseSchema; statementTimeoutMs?: number; readOnly?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: readOnly ? [] : schema.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false, // MigrationRunner runs them under an advisory lock so replicas can start together
    synchronize: false,
    // A hot standby refuses CREATE EXTENSION, which TypeORM would try on connect; the primary's migrations made them.
    installExtensions: !readOnly,
    extra: {
      max: poolSize,
      application_name: readOnly ? 'callback-service-reads' : 'callback-service',
      // The read pool's sessions refuse writes on any server: pointed at a primary by mistake, it still writes nothing.
      ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      statement_timeout: statementTimeoutMs,
      // At least 5 s: a pause between a transaction's statements (a GC, a busy event loop) must not end a session.
      idle_in_transaction_session_timeout: Math.max(statementTimeoutMs, MIN_IDLE_IN_TRANSACTION_MS),
      keepAlive: true,
      Client: NeverCrashingPgClient,
    },
  };
}
