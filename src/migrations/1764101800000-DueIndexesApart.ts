import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claim reads the due callbacks and each enabled endpoint's due deliveries from indexes of their own, so the
 * deliveries a paused or disabled endpoint holds (all due, however many) are never in its way.
 */
export class DueIndexesApart1764101800000 implements MigrationInterface {
  name = 'DueIndexesApart1764101800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX deliveries_due_callbacks ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL AND endpoint_id IS NULL`);
    await db.query(`CREATE INDEX deliveries_due_by_endpoint ON deliveries (endpoint_id, next_attempt_at) WHERE next_attempt_at IS NOT NULL AND endpoint_id IS NOT NULL`);
    await db.query(`DROP INDEX deliveries_due`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL`);
    await db.query(`DROP INDEX deliveries_due_by_endpoint`);
    await db.query(`DROP INDEX deliveries_due_callbacks`);
  }
}
