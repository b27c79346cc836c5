import { DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './schema';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false, // MigrationRunner runs them under an advisory lock so replicas can start together
    synchronize: false,
    extra: { max: poolSize, application_name: 'callback-service' },
  };
}
