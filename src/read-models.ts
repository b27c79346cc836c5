import type { DataSource } from 'typeorm';
import { JobRepository } from './jobs/persistence/job.repository';
import type { EventStore } from './platform/event-store/event-store';
import type { StreamProjection } from './platform/projections/stream-projection';
import { RunRepository } from './runs/persistence/run.repository';
import { StepRepository } from './steps/persistence/step.repository';
import { DeliveryProjection } from './webhooks/persistence/delivery.projection';

/**
 * Every read model and the stream type it is derived from, in dependency order: steps reference runs, and the
 * delivery projection fills the callback_* columns of jobs and runs.
 */
export function readModels(dataSource: DataSource, eventStore: EventStore): StreamProjection[] {
  return [
    new JobRepository(dataSource, eventStore),
    new RunRepository(dataSource, eventStore),
    new StepRepository(dataSource, eventStore),
    new DeliveryProjection(),
  ];
}
