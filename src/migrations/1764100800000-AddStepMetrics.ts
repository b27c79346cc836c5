import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A step's metrics, as its StepCompleted reported them. Steps completed before metrics existed have none (`{}`, as
 * for a pending step), which is what a rebuild from their events gives too, so nothing else is filled in here.
 * Never NULL: the projection writes `{}` for "none", like metadata.
 */
export class AddStepMetrics1764100800000 implements MigrationInterface {
  name = 'AddStepMetrics1764100800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE steps ADD COLUMN metrics jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE steps DROP COLUMN metrics`);
  }
}
