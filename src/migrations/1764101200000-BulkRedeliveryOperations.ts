import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk redeliveries: the operations table (a projection of each operation's stream) and, on each delivery, the
 * operation that last asked for it again (its progress is counted from those rows).
 */
export class BulkRedeliveryOperations1764101200000 implements MigrationInterface {
  name = 'BulkRedeliveryOperations1764101200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE operations (
        id text PRIMARY KEY,
        kind text NOT NULL,
        filter jsonb NOT NULL,
        status text NOT NULL,
        matched int NOT NULL,
        scheduled int NOT NULL,
        cursor text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        finished_at timestamptz,
        version int NOT NULL
      )`);
    await db.query(`CREATE INDEX operations_running ON operations (created_at) WHERE status = 'running'`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN redelivery_operation_id text`);
    await db.query(`CREATE INDEX deliveries_by_redelivery_operation ON deliveries (redelivery_operation_id) WHERE redelivery_operation_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries DROP COLUMN redelivery_operation_id`);
    await db.query(`DROP TABLE operations`);
  }
}
