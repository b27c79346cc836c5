import type { DatabaseSchema } from './platform/database/data-source-options';
import { JobRecord } from './jobs/persistence/job.orm-entity';
import { CreateLifecycleSchema1764100000000 } from './migrations/1764100000000-CreateLifecycleSchema';
import { RunRecord } from './runs/persistence/run.orm-entity';
import { StepRecord } from './steps/persistence/step.orm-entity';
import { CreateDeliveries1764100100000 } from './migrations/1764100100000-CreateDeliveries';
import { IndexUnfinishedDeliveries1764100200000 } from './migrations/1764100200000-IndexUnfinishedDeliveries';
import { AddRedeliverRequested1764100300000 } from './migrations/1764100300000-AddRedeliverRequested';
import { RecordDeliveryOutcomesAsEvents1764100400000 } from './migrations/1764100400000-RecordDeliveryOutcomesAsEvents';
import { IndexAttemptsByFinish1764100500000 } from './migrations/1764100500000-IndexAttemptsByFinish';
import { RecordAttemptOutcome1764100600000 } from './migrations/1764100600000-RecordAttemptOutcome';
import { LeasesOutOfTheDeliveryRows1764100700000 } from './migrations/1764100700000-LeasesOutOfTheDeliveryRows';
import { AddStepMetrics1764100800000 } from './migrations/1764100800000-AddStepMetrics';
import { SplitFailedDeliveries1764100900000 } from './migrations/1764100900000-SplitFailedDeliveries';
import { AttemptLatencyFromItsRequest1764101000000 } from './migrations/1764101000000-AttemptLatencyFromItsRequest';
import { KeepResponseHeaders1764101100000 } from './migrations/1764101100000-KeepResponseHeaders';
import { BulkRedeliveryOperations1764101200000 } from './migrations/1764101200000-BulkRedeliveryOperations';
import { Endpoints1764101300000 } from './migrations/1764101300000-Endpoints';
import { SearchIndexes1764101400000 } from './migrations/1764101400000-SearchIndexes';
import { AbandonedDeliveries1764101500000 } from './migrations/1764101500000-AbandonedDeliveries';
import { ResponseBodiesOutOfTheLog1764101600000 } from './migrations/1764101600000-ResponseBodiesOutOfTheLog';
import { RetentionIndexes1764101700000 } from './migrations/1764101700000-RetentionIndexes';
import { DueIndexesApart1764101800000 } from './migrations/1764101800000-DueIndexesApart';
import { UnfinishedDeliveriesNewestFirst1764101900000 } from './migrations/1764101900000-UnfinishedDeliveriesNewestFirst';
import { EndpointDisabledCause1764102000000 } from './migrations/1764102000000-EndpointDisabledCause';
import { EventsRecordedAt1764102100000 } from './migrations/1764102100000-EventsRecordedAt';
import { DeliveryAttemptRecord } from './webhooks/persistence/delivery-attempt.orm-entity';
import { DeliveryRecord } from './webhooks/persistence/delivery.orm-entity';
import { StoredEventRecord } from './platform/event-store/stored-event.orm-entity';

/**
 * Every table's entity and every migration, handed to the database module by the composition root (platform
 * code knows no feature). Listed explicitly (not globbed) so the same list works from dist/ and Jest's ES mode.
 */
export const DATABASE_SCHEMA: DatabaseSchema = {
  entities: [StoredEventRecord, JobRecord, RunRecord, StepRecord, DeliveryRecord, DeliveryAttemptRecord],
  migrations: [
  CreateLifecycleSchema1764100000000,
  CreateDeliveries1764100100000,
  IndexUnfinishedDeliveries1764100200000,
  AddRedeliverRequested1764100300000,
  RecordDeliveryOutcomesAsEvents1764100400000,
  IndexAttemptsByFinish1764100500000,
  RecordAttemptOutcome1764100600000,
  LeasesOutOfTheDeliveryRows1764100700000,
  AddStepMetrics1764100800000,
  SplitFailedDeliveries1764100900000,
  AttemptLatencyFromItsRequest1764101000000,
  KeepResponseHeaders1764101100000,
  BulkRedeliveryOperations1764101200000,
  Endpoints1764101300000,
  SearchIndexes1764101400000,
  AbandonedDeliveries1764101500000,
  ResponseBodiesOutOfTheLog1764101600000,
  RetentionIndexes1764101700000,
  DueIndexesApart1764101800000,
  UnfinishedDeliveriesNewestFirst1764101900000,
  EndpointDisabledCause1764102000000,
  EventsRecordedAt1764102100000,
  ],
};
