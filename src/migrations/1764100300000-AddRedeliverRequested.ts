import { MigrationInterface, QueryRunner } from 'typeorm';

/** A redelivery asked for while an attempt is in flight runs right after that attempt is recorded. */
export class AddRedeliverRequested1764100300000 implements MigrationInterface {
  name = 'AddRedeliverRequested1764100300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries ADD COLUMN redeliver_requested boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries DROP COLUMN redeliver_requested`);
  }
}
