import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each attempt keeps what it was answered with, headers included (bounded, credentials redacted), not only its body. */
export class KeepResponseHeaders1764101100000 implements MigrationInterface {
  name = 'KeepResponseHeaders1764101100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts ADD COLUMN response_headers jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery_attempts DROP COLUMN response_headers`);
  }
}
