import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveries1764100100000 implements MigrationInterface {
  name = 'CreateDeliveries1764100100000';

  async up(db: QueryRunner): Promise<void> {
    // The outbox: written in the transaction that completes the subject, delivered after commit.
    await db.query(`
      CREATE TABLE deliveries (
        id                   text PRIMARY KEY,
        kind                 text NOT NULL CHECK (kind IN ('job', 'run', 'step')),
        subject_id           text NOT NULL,
        url                  text NOT NULL,
        destination_host     text NOT NULL,
        payload              text NOT NULL,
        status               text NOT NULL CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed')),
        attempt_count        integer NOT NULL DEFAULT 0,
        next_attempt_at      timestamptz,
        lease_token          uuid,
        last_attempt_at      timestamptz,
        last_status_code     integer,
        last_error           text,
        subject_completed_at timestamptz NOT NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        succeeded_at         timestamptz,
        CONSTRAINT deliveries_one_per_subject UNIQUE (kind, subject_id)
      )`);
    // next_attempt_at is the due time while waiting, and the lease expiry while delivering: one index serves the claim.
    await db.query(`CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL`);
    await db.query(`CREATE INDEX deliveries_by_subject ON deliveries (subject_id)`);
    await db.query(`CREATE INDEX deliveries_newest_first ON deliveries (created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE delivery_attempts (
        delivery_id   text NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        number        integer NOT NULL,
        started_at    timestamptz NOT NULL,
        finished_at   timestamptz NOT NULL,
        duration_ms   integer NOT NULL,
        status_code   integer,
        error         text,
        response_body text,
        PRIMARY KEY (delivery_id, number)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delivery_attempts`);
    await db.query(`DROP TABLE deliveries`);
  }
}
