import { JOB_DECIDER } from './jobs/domain/job-decider';
import { JobsTable } from './jobs/persistence/jobs.table';
import { LifecycleProjection } from './lifecycle/lifecycle.projection';
import type { Projection } from './platform/projections/projection';
import type { StreamProjection } from './platform/projections/stream-projection';
import { RUN_DECIDER } from './runs/domain/run-decider';
import { RunsTable } from './runs/persistence/runs.table';
import { StepProjection } from './steps/persistence/step.projection';
import { DeliveryProjection } from './webhooks/persistence/delivery.projection';

/**
 * Every read model and the stream type it is derived from, in dependency order: steps reference runs, and the
 * delivery projection fills the callback_* columns of jobs and runs.
 */
export function readModels(): (Projection | StreamProjection)[] {
  return [
    new LifecycleProjection('job', JOB_DECIDER, new JobsTable()),
    new LifecycleProjection('run', RUN_DECIDER, new RunsTable()),
    new StepProjection(),
    new DeliveryProjection(),
  ];
}
