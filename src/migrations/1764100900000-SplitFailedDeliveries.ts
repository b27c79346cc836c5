import { MigrationInterface, QueryRunner } from 'typeorm';

/** A failed delivery is either retrying (another attempt planned) or a dead letter (none): two states to filter on. */
export class SplitFailedDeliveries1764100900000 implements MigrationInterface {
  name = 'SplitFailedDeliveries1764100900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check`);
    await db.query(`UPDATE deliveries SET status = CASE WHEN next_attempt_at IS NULL THEN 'dead_lettered' ELSE 'retrying' END WHERE status = 'failed'`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'retrying', 'succeeded', 'dead_lettered'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check`);
    await db.query(`UPDATE deliveries SET status = 'failed' WHERE status IN ('retrying', 'dead_lettered')`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed'))`);
  }
}
