import { JobRecord } from '../../jobs/persistence/job.orm-entity';
import { CreateLifecycleSchema1764100000000 } from '../../migrations/1764100000000-CreateLifecycleSchema';
import { RunRecord } from '../../runs/persistence/run.orm-entity';
import { StepRecord } from '../../steps/persistence/step.orm-entity';
import { CreateDeliveries1764100100000 } from '../../migrations/1764100100000-CreateDeliveries';
import { IndexUnfinishedDeliveries1764100200000 } from '../../migrations/1764100200000-IndexUnfinishedDeliveries';
import { AddRedeliverRequested1764100300000 } from '../../migrations/1764100300000-AddRedeliverRequested';
import { DeliveryAttemptRecord } from '../../webhooks/persistence/delivery-attempt.orm-entity';
import { DeliveryRecord } from '../../webhooks/persistence/delivery.orm-entity';
import { StoredEventRecord } from '../event-store/stored-event.orm-entity';

/** Listed explicitly (not globbed) so the same list works from dist/ and from Jest's ES-module mode. */
export const ENTITIES = [StoredEventRecord, JobRecord, RunRecord, StepRecord, DeliveryRecord, DeliveryAttemptRecord];
export const MIGRATIONS = [
  CreateLifecycleSchema1764100000000,
  CreateDeliveries1764100100000,
  IndexUnfinishedDeliveries1764100200000,
  AddRedeliverRequested1764100300000,
];
