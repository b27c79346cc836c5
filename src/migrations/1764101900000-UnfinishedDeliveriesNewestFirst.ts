import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unfinished deliveries (pending, retrying, dead letters) by status, newest first, carrying what the backlog reads.
 * Dead letters stay unfinished for ever, scattered over the whole history: on 3 million past jobs the backlog read
 * ~15,000 of them one heap page each (1.1 s cold; every /metrics scrape, readiness check and Overview refresh) and
 * `GET /v1/deliveries?status=dead_lettered` walked every delivery newer than the first dead letter (0.17–0.33 s).
 * With this index the backlog is an index-only scan and a status's list page a keyset walk that stops after a page
 * (docs/history-plans.md). It replaces the status-only index over the same rows.
 */
export class UnfinishedDeliveriesNewestFirst1764101900000 implements MigrationInterface {
  name = 'UnfinishedDeliveriesNewestFirst1764101900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX deliveries_unfinished_newest_first ON deliveries (status, created_at DESC, id DESC)
        INCLUDE (next_attempt_at, endpoint_id) WHERE status <> 'succeeded'`);
    await db.query(`DROP INDEX deliveries_unfinished`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX deliveries_unfinished ON deliveries (status) WHERE status <> 'succeeded'`);
    await db.query(`DROP INDEX deliveries_unfinished_newest_first`);
  }
}
