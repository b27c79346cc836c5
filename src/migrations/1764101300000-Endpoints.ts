import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Endpoints: the endpoints table (a projection of each endpoint's stream), their secrets (kept out of the log:
 * a secret is never an event's data), each endpoint's place in the global feed (how far its fan-out got), and on
 * each delivery the endpoint and event type it was fanned out for. A subject has one callback delivery, and one
 * delivery per endpoint.
 */
export class Endpoints1764101300000 implements MigrationInterface {
  name = 'Endpoints1764101300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE endpoints (
        id text PRIMARY KEY,
        url text NOT NULL,
        destination_host text NOT NULL,
        description text NOT NULL,
        event_types jsonb,
        enabled boolean NOT NULL,
        enabled_since timestamptz,
        disabled_reason text,
        rate_limit int,
        retry_schedule text,
        metadata jsonb NOT NULL,
        secret_rotated_at timestamptz,
        previous_secret_expires_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        deleted_at timestamptz,
        version int NOT NULL
      )`);
    await db.query(`CREATE INDEX endpoints_newest_first ON endpoints (created_at DESC, id DESC) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE TABLE endpoint_secrets (
        endpoint_id text NOT NULL,
        secret_id text NOT NULL,
        sealed text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        PRIMARY KEY (endpoint_id, secret_id)
      )`);
    await db.query(`CREATE TABLE endpoint_cursors (endpoint_id text PRIMARY KEY, position bigint NOT NULL)`);
    // Per-second windows of requests to a rate-limited destination, shared by every replica.
    await db.query(`CREATE TABLE delivery_rate_windows (key text PRIMARY KEY, window_start timestamptz NOT NULL, used int NOT NULL)`);
    // A destination's circuit, shared by every replica: open (attempts held) until open_until, then one probe at a time.
    await db.query(`CREATE TABLE delivery_circuits (key text PRIMARY KEY, consecutive_failures int NOT NULL, open_until timestamptz, probe_until timestamptz)`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN endpoint_id text, ADD COLUMN event_type text`);
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_one_per_subject`);
    await db.query(`CREATE UNIQUE INDEX deliveries_one_per_subject ON deliveries (kind, subject_id) WHERE endpoint_id IS NULL`);
    await db.query(`CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, created_at DESC, id DESC) WHERE endpoint_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM deliveries WHERE endpoint_id IS NOT NULL`);
    await db.query(`DROP INDEX deliveries_by_endpoint`);
    await db.query(`DROP INDEX deliveries_one_per_subject`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_per_subject UNIQUE (kind, subject_id)`);
    await db.query(`ALTER TABLE deliveries DROP COLUMN endpoint_id, DROP COLUMN event_type`);
    await db.query(`DROP TABLE delivery_circuits`);
    await db.query(`DROP TABLE delivery_rate_windows`);
    await db.query(`DROP TABLE endpoint_cursors`);
    await db.query(`DROP TABLE endpoint_secrets`);
    await db.query(`DROP TABLE endpoints`);
  }
}
