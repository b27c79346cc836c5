import { MigrationInterface, QueryRunner } from 'typeorm';

const ATTEMPT_EVENT_TYPES = `('DeliverySucceeded', 'DeliveryAttemptFailed', 'DeliveryDeadLettered')`;

/**
 * What a receiver answered is kept beside the log, by reference (delivery id and attempt number), not in the
 * attempt's event: it comes from outside, it is the bulk of an attempt's bytes, and it is kept for a shorter time
 * (RESPONSE_BODY_RETENTION) than the history it belongs to, which stays immutable. The bodies already in the log
 * move out once, here; delivery_attempts (rebuilt from the log) no longer holds them.
 */
export class ResponseBodiesOutOfTheLog1764101600000 implements MigrationInterface {
  name = 'ResponseBodiesOutOfTheLog1764101600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE response_bodies (
        delivery_id text NOT NULL,
        attempt     integer NOT NULL,
        body        text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await db.query(`CREATE INDEX response_bodies_by_age ON response_bodies (recorded_at)`);
    await db.query(`
      INSERT INTO response_bodies (delivery_id, attempt, body, recorded_at)
      SELECT data->>'delivery_id', (data->>'attempt')::int, data->>'response_body', occurred_at
        FROM events
       WHERE type IN ${ATTEMPT_EVENT_TYPES} AND data->>'response_body' IS NOT NULL
      ON CONFLICT DO NOTHING`);
    await db.query(`UPDATE events SET data = data - 'response_body' WHERE type IN ${ATTEMPT_EVENT_TYPES} AND data ? 'response_body'`);
    await db.query(`ALTER TABLE delivery_attempts DROP COLUMN response_body`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts ADD COLUMN response_body text`);
    await db.query(`
      UPDATE events e SET data = e.data || jsonb_build_object('response_body', b.body)
        FROM response_bodies b
       WHERE e.type IN ${ATTEMPT_EVENT_TYPES} AND e.stream_id = b.delivery_id AND (e.data->>'attempt')::int = b.attempt`);
    await db.query(`UPDATE delivery_attempts a SET response_body = b.body FROM response_bodies b WHERE a.delivery_id = b.delivery_id AND a.number = b.attempt`);
    await db.query(`DROP TABLE response_bodies`);
  }
}
