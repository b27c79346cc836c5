import { Module } from '@nestjs/common';
import { DestinationModule } from '../platform/destination/destination.module';
import { CancelRunHandler } from './commands/cancel-run/cancel-run.handler';
import { CreateRunHandler } from './commands/create-run/create-run.handler';
import { UpdateRunHandler } from './commands/update-run/update-run.handler';
import { RunsController } from './runs.controller';
import { RunRepository } from './persistence/run.repository';
import { RunsTable } from './persistence/runs.table';
import { GetRunHandler } from './queries/get-run/get-run.handler';
import { ListRunsHandler } from './queries/list-runs/list-runs.handler';

@Module({
  imports: [DestinationModule],
  controllers: [RunsController],
  providers: [RunRepository, RunsTable, CreateRunHandler, UpdateRunHandler, CancelRunHandler, GetRunHandler, ListRunsHandler],
  exports: [RunRepository, RunsTable],
})
export class RunsModule {}
