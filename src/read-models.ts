import { EndpointProjection } from './endpoints/persistence/endpoint.projection';
import { OperationProjection } from './operations/persistence/operation.projection';
import { JOB_DECIDER } from './jobs/domain/job-decider';
import { JobsTable } from './jobs/persistence/jobs.table';
import { LifecycleProjection } from './lifecycle/lifecycle.projection';
import type { Projection } from './platform/projections/projection';
import { RUN_DECIDER } from './runs/domain/run-decider';
import { RunsTable } from './runs/persistence/runs.table';
import { StepProjection } from './steps/persistence/step.projection';
import { CallbackColumnsProjection } from './webhooks/persistence/callback-columns.projection';
import { DeliveriesProjection } from './webhooks/persistence/deliveries.projection';

/**
 * Every read model and the stream type it is derived from, in dependency order: steps reference runs, and the
 * callback projection fills columns of jobs and runs.
 */
export function readModels(): Projection[] {
  return [
    new LifecycleProjection('job', JOB_DECIDER, new JobsTable()),
    new LifecycleProjection('run', RUN_DECIDER, new RunsTable()),
    new StepProjection(),
    new DeliveriesProjection(),
    new CallbackColumnsProjection(),
    new OperationProjection(),
    new EndpointProjection(),
  ];
}
