import { MigrationInterface, QueryRunner } from 'typeorm';

/** The dashboard's overview reads the attempts of the last hour. */
export class IndexAttemptsByFinish1764100500000 implements MigrationInterface {
  name = 'IndexAttemptsByFinish1764100500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX delivery_attempts_by_finish ON delivery_attempts (finished_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX delivery_attempts_by_finish`);
  }
}
