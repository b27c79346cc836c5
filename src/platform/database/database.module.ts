import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { EventStore } from '../event-store/event-store';
import { GetStreamEventsHandler } from '../event-store/queries/get-stream-events.handler';
import { dataSourceOptions } from './data-source-options';
import { MigrationRunner } from './migration-runner';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('DATABASE_URL must be resolved before the app is built');
        return dataSourceOptions(config.databaseUrl, config.databasePoolSize, config.databaseStatementTimeoutMs);
      },
    }),
  ],
  providers: [MigrationRunner, UnitOfWork, EventStore, GetStreamEventsHandler],
  exports: [UnitOfWork, EventStore],
})
export class DatabaseModule {}
