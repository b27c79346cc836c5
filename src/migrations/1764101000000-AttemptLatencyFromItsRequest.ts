import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an attempt's latency is measured from: its subject's completion, or the redelivery asked for before it (a
 * manual redelivery of an old delivery is not a delivery that took days). Filled from the delivery streams.
 */
export class AttemptLatencyFromItsRequest1764101000000 implements MigrationInterface {
  name = 'AttemptLatencyFromItsRequest1764101000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts ADD COLUMN measured_from timestamptz`);
    await db.query(`
      UPDATE delivery_attempts a
         SET measured_from = coalesce(
               (SELECT max(e.occurred_at) FROM events e
                 WHERE e.stream_id = a.delivery_id AND e.type = 'RedeliveryRequested' AND e.occurred_at <= a.started_at),
               (SELECT d.subject_completed_at FROM deliveries d WHERE d.id = a.delivery_id),
               a.started_at)`);
    await db.query(`ALTER TABLE delivery_attempts ALTER COLUMN measured_from SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts DROP COLUMN measured_from`);
  }
}
