import type { EntityManager } from 'typeorm';
import type { RecordedStream, StreamProjection } from '../../platform/projections/stream-projection';
import { replayDelivery } from '../domain/delivery-history';

/**
 * The rebuild of the deliveries and delivery_attempts tables, and of the jobs/runs callback_* columns, from the
 * delivery streams; the same rows DeliveryRepository writes in service.
 */
export class DeliveryProjection implements StreamProjection {
  readonly streamType = 'delivery';
  readonly tables = ['deliveries', 'delivery_attempts'];

  /** Each delivery replayed from its stream; its subject's callback_* columns from its last attempt. */
  async project(streams: RecordedStream[], db: EntityManager): Promise<void> {
    const deliveries = streams.flatMap(({ events }) => replayDelivery(events) ?? []);
    const attempts = deliveries.flatMap((delivery) => delivery.attempts);
    await db.query(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at,
                               last_attempt_at, last_status_code, last_error, subject_completed_at, created_at, updated_at,
                               succeeded_at, version)
       SELECT id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at, last_attempt_at,
              last_status_code, last_error, subject_completed_at, created_at, updated_at, succeeded_at, version
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, subject_id text, url text, destination_host text, payload text,
              status text, attempt_count int, next_attempt_at timestamptz, last_attempt_at timestamptz, last_status_code int,
              last_error text, subject_completed_at timestamptz, created_at timestamptz, updated_at timestamptz,
              succeeded_at timestamptz, version int)`,
      [JSON.stringify(deliveries.map(({ attempts: _attempts, ...row }) => row))],
    );
    await db.query(
      `INSERT INTO delivery_attempts (delivery_id, number, started_at, finished_at, duration_ms, status_code, error, response_body, outcome)
       SELECT delivery_id, attempt, started_at, finished_at, duration_ms, status_code, error, response_body, outcome
         FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id text, attempt int, started_at timestamptz, finished_at timestamptz,
              duration_ms int, status_code int, error text, response_body text, outcome text)`,
      [JSON.stringify(attempts)],
    );
    const lastAttempts = deliveries.filter((d) => d.kind !== 'step' && d.attempts.length > 0)
      .map((d) => ({ kind: d.kind, subject_id: d.subject_id, ...d.attempts[d.attempts.length - 1] }));
    for (const table of ['jobs', 'runs'] as const) {
      await db.query(
        `UPDATE ${table} t SET callback_sent_at = a.started_at, callback_status_code = a.status_code, callback_error = a.error
           FROM jsonb_to_recordset($1::jsonb) AS a(kind text, subject_id text, started_at timestamptz, status_code int, error text)
          WHERE a.kind = $2 AND t.id = a.subject_id`,
        [JSON.stringify(lastAttempts), table === 'jobs' ? 'job' : 'run'],
      );
    }
  }
}
