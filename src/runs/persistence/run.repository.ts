import { Injectable } from '@nestjs/common';
import { LifecycleRepository } from '../../lifecycle/lifecycle-repository';
import { EventStore } from '../../platform/event-store/event-store';
import type { RunCommand } from '../domain/run-command';
import { RUN_DECIDER, type RunState } from '../domain/run-decider';
import type { RunRecord } from './run.orm-entity';
import { RunsTable } from './runs.table';

/** Runs run commands against the run's stream. */
@Injectable()
export class RunRepository extends LifecycleRepository<RunCommand, RunState, RunRecord> {
  constructor(eventStore: EventStore, table: RunsTable) {
    super(eventStore, 'run', RUN_DECIDER, table);
  }
}
