import { Module } from '@nestjs/common';
import { RunsModule } from '../runs/runs.module';
import { CompleteStepHandler } from './commands/complete-step/complete-step.handler';
import { CreateStepHandler } from './commands/create-step/create-step.handler';
import { StepRepository } from './persistence/step.repository';
import { StepsTable } from './persistence/steps.table';
import { RunCancellation } from './run-cancellation';
import { GetStepHandler } from './queries/get-step/get-step.handler';
import { ListRunStepsHandler } from './queries/list-run-steps/list-run-steps.handler';
import { StepsController } from './steps.controller';

@Module({
  imports: [RunsModule],
  controllers: [StepsController],
  providers: [StepRepository, StepsTable, RunCancellation, CreateStepHandler, CompleteStepHandler, GetStepHandler, ListRunStepsHandler],
})
export class StepsModule {}
