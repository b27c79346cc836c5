import { Module } from '@nestjs/common';
import { CancelRunHandler } from './commands/cancel-run/cancel-run.handler';
import { CreateRunHandler } from './commands/create-run/create-run.handler';
import { UpdateRunHandler } from './commands/update-run/update-run.handler';
import { RunsController } from './runs.controller';
import { RunRepository } from './persistence/run.repository';
import { GetRunHandler } from './queries/get-run/get-run.handler';
import { ListRunsHandler } from './queries/list-runs/list-runs.handler';

@Module({
  controllers: [RunsController],
  providers: [RunRepository, CreateRunHandler, UpdateRunHandler, CancelRunHandler, GetRunHandler, ListRunsHandler],
  exports: [RunRepository],
})
export class RunsModule {}
