import { inJsonbKeyOrder } from '../../platform/domain/jsonb-key-order';
import type { Metadata } from '../../platform/domain/metadata';
import { COMPLETION_KINDS, type CompletionType, type EventType } from '../domain/event-types';

/** A completion from the log, with what its envelope needs of its subject. */
export interface FannedOutCompletion {
  sequence: string;
  type: CompletionType;
  subjectId: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  /** A job's or run's metadata (final once it completed); steps have none in their envelope. */
  metadata?: Metadata;
}

/**
 * The Standard Webhooks envelope an endpoint receives: `type`, `timestamp` (when the subject completed) and `data`,
 * the seed's payload for the subject (a step's names its run and status too). Derived from the log alone, so a
 * backfill sends the bytes a live fan-out would have.
 */
export function endpointEnvelope(completion: FannedOutCompletion, eventType: EventType): string {
  const { type, subjectId, data, occurredAt } = completion;
  const completedAt = occurredAt.toISOString();
  const kind = COMPLETION_KINDS[type];
  const metadata = inJsonbKeyOrder(completion.metadata ?? {});
  const body =
    kind === 'job'
      ? { job_id: subjectId, status: data.status, completed_at: completedAt, metadata }
      : kind === 'run'
        ? { run_id: subjectId, status: data.status, completed_at: completedAt, metadata }
        : { step_id: subjectId, run_id: data.run_id, status: data.status, completed_at: completedAt };
  return JSON.stringify({ type: eventType, timestamp: completedAt, data: body });
}

/** An example envelope of each event type (GET /v1/event-types). */
export function exampleEnvelope(eventType: EventType): Record<string, unknown> {
  const [kind, status] = eventType.split('.') as ['job' | 'run' | 'step', string];
  const type = (Object.keys(COMPLETION_KINDS) as CompletionType[]).find((name) => COMPLETION_KINDS[name] === kind)!;
  const occurredAt = new Date('2026-12-01T12:00:00.000Z');
  const subjectId = `${kind}-0b7e4f8e-4d5c-4c8a-9a51-2f3c6d7e8f90`;
  const data = { status, run_id: 'run-6a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d' };
  return JSON.parse(endpointEnvelope({ sequence: '1', type, subjectId, data, occurredAt, metadata: { pipeline: 'nightly' } }, eventType));
}
