import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EventSchemas } from '../event-store/event-schemas';
import { EventStore } from '../event-store/event-store';
import { EventFeedController } from '../event-store/event-feed.controller';
import { LogPositions } from '../event-store/log-positions';
import { GetEventFeedHandler } from '../event-store/queries/get-event-feed.handler';
import { GetStreamEventsHandler } from '../event-store/queries/get-stream-events.handler';
import { type DatabaseSchema, dataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';
import { ReadDataSource } from './read-data-source';
import { ServicePresence } from './service-presence';
import { UnitOfWork } from './unit-of-work';

/**
 * The connection pool, migrations at start-up, the unit of work and the event store, for the tables and the
 * event schemas it is given; and where the API's reads go (the read replica's pool when DATABASE_READ_URL is set).
 */
@Module({})
export class DatabaseModule {
  static forRoot(schema: DatabaseSchema, eventSchemas: EventSchemas): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => {
            if (!config.databaseUrl) throw new Error('DATABASE_URL must be resolved before the app is built');
            return dataSourceOptions(config.databaseUrl, config.databasePoolSize, { schema, statementTimeoutMs: config.databaseStatementTimeoutMs });
          },
        }),
      ],
      controllers: [EventFeedController],
      providers: [
        { provide: EventSchemas, useValue: eventSchemas },
        {
          provide: EventStore,
          inject: [DataSource, EventSchemas, AppConfig],
          // Half of RETENTION, for a margin (see EventStore.cachedStateMaxAgeMs).
          useFactory: (dataSource: DataSource, schemas: EventSchemas, config: AppConfig) =>
            new EventStore(dataSource, schemas, config.retentionMs === null ? Number.POSITIVE_INFINITY : config.retentionMs / 2),
        },
        {
          provide: ReadDataSource,
          inject: [AppConfig, DataSource],
          useFactory: (config: AppConfig, primary: DataSource) =>
            new ReadDataSource(primary, config.databaseReadUrl
              ? dataSourceOptions(config.databaseReadUrl, config.databasePoolSize, { schema, statementTimeoutMs: config.databaseStatementTimeoutMs, readOnly: true })
              : undefined),
        },
        ServicePresence, MigrationRunner, UnitOfWork, LogPositions, GetStreamEventsHandler, GetEventFeedHandler,
      ],
      exports: [UnitOfWork, EventStore, LogPositions, ReadDataSource],
    };
  }
}
