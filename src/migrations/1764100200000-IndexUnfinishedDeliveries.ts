import { MigrationInterface, QueryRunner } from 'typeorm';

/** Backlog figures (metrics, readiness) read only unfinished deliveries; succeeded ones pile up forever. */
export class IndexUnfinishedDeliveries1764100200000 implements MigrationInterface {
  name = 'IndexUnfinishedDeliveries1764100200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX deliveries_unfinished ON deliveries (status) WHERE status <> 'succeeded'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX deliveries_unfinished`);
  }
}
