import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What retention reads: finished jobs and runs oldest first (a keyset walk of the finished ones only, however many
 * are running), and the latest purge's record, which every feed page reads to know where the log is whole.
 */
export class RetentionIndexes1764101700000 implements MigrationInterface {
  name = 'RetentionIndexes1764101700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX jobs_finished_oldest_first ON jobs (completed_at, id) WHERE completed_at IS NOT NULL`);
    await db.query(`CREATE INDEX runs_finished_oldest_first ON runs (completed_at, id) WHERE completed_at IS NOT NULL`);
    await db.query(`CREATE INDEX events_history_purged ON events (sequence) WHERE type = 'HistoryPurged'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX events_history_purged`);
    await db.query(`DROP INDEX runs_finished_oldest_first`);
    await db.query(`DROP INDEX jobs_finished_oldest_first`);
  }
}
