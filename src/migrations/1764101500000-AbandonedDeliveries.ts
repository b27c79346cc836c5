import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deleted endpoint's deliveries end (DeliveryAbandoned): why, kept on the row, so the sweep that ends them finds
 * only those not ended yet and a bulk redelivery leaves them out. Rows rebuilt from the log get it from the events.
 * The sweep reads an index of the endpoint deliveries not ended yet: a deleted endpoint's delivered history (which
 * only grows) is never read again.
 */
export class AbandonedDeliveries1764101500000 implements MigrationInterface {
  name = 'AbandonedDeliveries1764101500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries ADD COLUMN abandoned_reason text`);
    await db.query(`CREATE INDEX deliveries_unended_by_endpoint ON deliveries (endpoint_id)
                     WHERE endpoint_id IS NOT NULL AND status <> 'succeeded' AND abandoned_reason IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX deliveries_unended_by_endpoint`);
    await db.query(`ALTER TABLE deliveries DROP COLUMN abandoned_reason`);
  }
}
