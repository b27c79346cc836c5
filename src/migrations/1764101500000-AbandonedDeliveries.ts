import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted endpoint's deliveries end (DeliveryAbandoned): why, kept on the row, so the sweep that ends them finds
 * only those not ended yet and a bulk redelivery leaves them out. Rows rebuilt from the log get it from the events.
 */
export class AbandonedDeliveries1764101500000 implements MigrationInterface {
  name = 'AbandonedDeliveries1764101500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries ADD COLUMN abandoned_reason text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries DROP COLUMN abandoned_reason`);
  }
}
