import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each event's row was inserted, by the database's clock (`clock_timestamp()` at the insert, not the
 * transaction's start): ascending with `sequence` (both are taken as the row is written), where `occurred_at` — the
 * deciding process's stamp — is not. It lets a time be found in the log by a binary search over the sequence (see
 * LogPositions). Rows written before this migration keep NULL: nothing is known of them, and adding the column
 * that way rewrites no row of a large log.
 */
export class EventsRecordedAt1764102100000 implements MigrationInterface {
  name = 'EventsRecordedAt1764102100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN recorded_at timestamptz`);
    await db.query(`ALTER TABLE events ALTER COLUMN recorded_at SET DEFAULT clock_timestamp()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events DROP COLUMN recorded_at`);
  }
}
