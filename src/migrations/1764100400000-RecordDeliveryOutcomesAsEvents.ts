import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery outcomes become events on each delivery's own stream (`deliveries.version` is that stream's version),
 * and every event records the schema version of its data. Deliveries written before this have their history
 * imported from the deliveries and delivery_attempts rows, so a rebuild of the read models keeps them.
 */
export class RecordDeliveryOutcomesAsEvents1764100400000 implements MigrationInterface {
  name = 'RecordDeliveryOutcomesAsEvents1764100400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN schema_version smallint NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE events ALTER COLUMN schema_version DROP DEFAULT`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await db.query(`
      INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
      SELECT id, 'delivery', 1, 'DeliveryScheduled', 1,
             jsonb_build_object('delivery_id', id, 'kind', kind, 'subject_id', subject_id, 'url', url,
                                'destination_host', destination_host, 'payload', payload,
                                'subject_completed_at', subject_completed_at),
             created_at
        FROM deliveries ORDER BY created_at, id`);
    // Only the last attempt's planned next attempt is known; earlier ones record none.
    await db.query(`
      INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
      SELECT a.delivery_id, 'delivery', 1 + a.number,
             CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 'DeliverySucceeded'
                  WHEN a.number = d.attempt_count AND d.next_attempt_at IS NULL THEN 'DeliveryDeadLettered'
                  ELSE 'DeliveryAttemptFailed' END,
             1,
             jsonb_build_object('delivery_id', a.delivery_id, 'attempt', a.number, 'started_at', a.started_at,
                                'finished_at', a.finished_at, 'duration_ms', a.duration_ms, 'status_code', a.status_code,
                                'error', a.error, 'response_body', a.response_body,
                                'next_attempt_at', CASE WHEN a.number = d.attempt_count AND d.status <> 'delivering'
                                                        THEN d.next_attempt_at END),
             a.finished_at
        FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
       ORDER BY a.finished_at, a.delivery_id, a.number`);
    await db.query(`UPDATE deliveries d SET version = 1 + (SELECT count(*) FROM delivery_attempts a WHERE a.delivery_id = d.id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM events WHERE stream_type = 'delivery'`);
    await db.query(`ALTER TABLE deliveries DROP COLUMN version`);
    await db.query(`ALTER TABLE events DROP COLUMN schema_version`);
  }
}
