import { EventSchemas } from './platform/event-store/event-schemas';
import { occurredAtAsField } from './platform/event-store/occurred-at-field.upcaster';

/**
 * The schema history of the stored events. Every event records the version of its data's shape; reading goes
 * through these upcasters, so an event stored in an older shape is folded and shown in the current one.
 *
 * - JobCreated, RunCreated, StepCreated v2 carry `created_at`, as the *Completed events carry `completed_at`;
 *   v1 (written before 2026-11-26) did not, and reads it from the event's occurred_at.
 */
export const EVENT_SCHEMAS = new EventSchemas([
  occurredAtAsField('JobCreated', 1, 'created_at'),
  occurredAtAsField('RunCreated', 1, 'created_at'),
  occurredAtAsField('StepCreated', 1, 'created_at'),
]);
