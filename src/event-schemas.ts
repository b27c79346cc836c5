import { endpointDisabledCauseFromReason } from './endpoints/events/endpoint-disabled-cause.upcaster';
import { ENDPOINT_DISABLED_CAUSES, EndpointEventType } from './endpoints/events/endpoint-events';
import { JOB_TERMINAL_STATUSES } from './jobs/domain/job-status';
import { EventSchemas } from './platform/event-store/event-schemas';
import { RetentionEventType } from './retention/events/history-purge-records';
import { occurredAtAsField } from './platform/event-store/occurred-at-field.upcaster';
import { RUN_TERMINAL_STATUSES } from './runs/domain/run-status';
import { STEP_TERMINAL_STATUSES } from './steps/domain/step-status';

/**
 * The schema history of the stored events. Every event records the version of its data's shape; reading goes
 * through these upcasters, so an event stored in an older shape is folded and shown in the current one.
 *
 * - JobCreated, RunCreated, StepCreated v2 carry `created_at`, as the *Completed events carry `completed_at`;
 *   v1 (written before 2026-11-26) did not, and reads it from the event's occurred_at. Since 2026-12-02 a create sent
 *   with an Idempotency-Key also carries `request_digest` (optional: a field added, so no new version).
 * - JobCallbackUrlChanged, RunCallbackUrlChanged (since 2026-12-02): a callback re-pointed, with its new URL.
 * - HistoryPurged, ResponseBodiesPurged (since 2026-12-03, on the `history` stream): what retention purged.
 * - StepCompleted carries `metrics` since 2026-12-02 when the completion reported any (optional, so no new version:
 *   earlier events, and completions without metrics, fold to a step without metrics).
 * - EndpointDisabled v2 (since 2026-12-03) carries `cause` (`paused` | `failing`) beside the reason text; v1 had only
 *   the text, and reads its cause from it (see its upcaster).
 *
 * The shapes say what each type's current version promises, as far as readers rely on it: an event whose data
 * breaks that promise (or whose version is not one of its type's) is refused by name, never folded or shown.
 * Fields that early events may lack are optional here; the replays default them.
 */
export const EVENT_SCHEMAS = new EventSchemas(
  [
    occurredAtAsField('JobCreated', 1, 'created_at'),
    occurredAtAsField('RunCreated', 1, 'created_at'),
    occurredAtAsField('StepCreated', 1, 'created_at'),
    endpointDisabledCauseFromReason,
  ],
  [
    { type: 'JobCreated', fields: { created_at: 'string', callback_url: 'string?', metadata: 'object?', request_digest: 'string?' } },
    { type: 'JobMetadataChanged', fields: { metadata: 'object' } },
    { type: 'JobCallbackUrlChanged', fields: { callback_url: 'string' } },
    { type: 'JobCompleted', fields: { status: [...JOB_TERMINAL_STATUSES] } },
    { type: 'RunCreated', fields: { created_at: 'string', callback_url: 'string?', agent_id: 'string?', metadata: 'object?', request_digest: 'string?' } },
    { type: 'RunMetadataChanged', fields: { metadata: 'object' } },
    { type: 'RunCallbackUrlChanged', fields: { callback_url: 'string' } },
    { type: 'RunStepAdded', fields: { step_id: 'string' } },
    { type: 'RunCompleted', fields: { status: [...RUN_TERMINAL_STATUSES] } },
    { type: 'StepCreated', fields: { created_at: 'string', run_id: 'string', metadata: 'object?', request_digest: 'string?' } },
    { type: 'StepCompleted', fields: { status: [...STEP_TERMINAL_STATUSES], error: 'string?', metrics: 'object?' } },
    { type: RetentionEventType.purged, fields: { finished_before: 'string', through_sequence: 'string', history_starts_after: 'string' } },
    { type: RetentionEventType.responseBodiesPurged, fields: { recorded_before: 'string' } },
    { type: EndpointEventType.disabled, fields: { reason: 'string', cause: [...ENDPOINT_DISABLED_CAUSES] } },
  ],
);
