import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deliveries and delivery_attempts tables become projections of the delivery streams only; who holds a delivery
 * for its attempt (the lease) is operational bookkeeping, not a fact of the log, and moves to delivery_leases. An
 * attempt log row no longer needs its delivery row (a delivery row deleted by hand is put back by its next change).
 * precondition_holds lets one statement refuse itself: a write batch whose guard found fewer rows than it needs.
 */
export class LeasesOutOfTheDeliveryRows1764100700000 implements MigrationInterface {
  name = 'LeasesOutOfTheDeliveryRows1764100700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE delivery_leases (
        delivery_id text PRIMARY KEY,
        token       uuid,
        attempt     integer NOT NULL,
        expires_at  timestamptz NOT NULL
      )`);
    // A row being delivered now: its lease moves, and the row says what its stream says (the attempt is not recorded yet).
    await db.query(`
      INSERT INTO delivery_leases (delivery_id, token, attempt, expires_at)
      SELECT id, lease_token, attempt_count, next_attempt_at FROM deliveries WHERE status = 'delivering' AND lease_token IS NOT NULL`);
    await db.query(`
      UPDATE deliveries SET status = CASE WHEN attempt_count <= 1 THEN 'pending' ELSE 'failed' END,
                            attempt_count = greatest(attempt_count - 1, 0)
       WHERE status = 'delivering'`);
    await db.query(`ALTER TABLE deliveries DROP COLUMN lease_token`);
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'succeeded', 'failed'))`);
    await db.query(`ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_delivery_id_fkey`);
    await db.query(`
      CREATE FUNCTION precondition_holds(holds boolean, failure text) RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT holds THEN RAISE EXCEPTION USING ERRCODE = 'CBP01', MESSAGE = failure; END IF;
        RETURN true;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION precondition_holds(boolean, text)`);
    await db.query(`
      ALTER TABLE delivery_attempts ADD CONSTRAINT delivery_attempts_delivery_id_fkey
        FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE CASCADE NOT VALID`);
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed'))`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN lease_token uuid`);
    await db.query(`
      UPDATE deliveries d SET status = 'delivering', attempt_count = l.attempt, lease_token = l.token, next_attempt_at = l.expires_at
        FROM delivery_leases l WHERE l.delivery_id = d.id AND l.token IS NOT NULL AND l.attempt > d.attempt_count`);
    await db.query(`DROP TABLE delivery_leases`);
  }
}
