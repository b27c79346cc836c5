import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each attempt keeps what it led to — succeeded, retrying (another attempt planned) or dead_lettered — as its event
 * says, so figures never have to infer it from the delivery's current state (which a redelivery changes).
 */
export class RecordAttemptOutcome1764100600000 implements MigrationInterface {
  name = 'RecordAttemptOutcome1764100600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts ADD COLUMN outcome text`);
    await db.query(`
      UPDATE delivery_attempts a
         SET outcome = CASE e.type WHEN 'DeliverySucceeded' THEN 'succeeded' WHEN 'DeliveryDeadLettered' THEN 'dead_lettered' ELSE 'retrying' END
        FROM events e
       WHERE e.stream_id = a.delivery_id AND e.stream_type = 'delivery'
         AND e.type IN ('DeliverySucceeded', 'DeliveryDeadLettered', 'DeliveryAttemptFailed')
         AND (e.data ->> 'attempt')::int = a.number`);
    await db.query(`
      ALTER TABLE delivery_attempts
        ALTER COLUMN outcome SET NOT NULL,
        ADD CONSTRAINT delivery_attempts_outcome CHECK (outcome IN ('succeeded', 'retrying', 'dead_lettered'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts DROP COLUMN outcome`);
  }
}
