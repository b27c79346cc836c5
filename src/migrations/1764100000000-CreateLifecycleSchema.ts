import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLifecycleSchema1764100000000 implements MigrationInterface {
  name = 'CreateLifecycleSchema1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        sequence    bigserial PRIMARY KEY,
        stream_id   text NOT NULL,
        stream_type text NOT NULL,
        version     integer NOT NULL CHECK (version > 0),
        type        text NOT NULL,
        data        jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, version)
      )`);
    await db.query(`
      CREATE TABLE jobs (
        id                   text PRIMARY KEY,
        status               text NOT NULL,
        metadata             jsonb NOT NULL DEFAULT '{}',
        callback_url         text,
        callback_sent_at     timestamptz,
        callback_status_code integer,
        callback_error       text,
        version              integer NOT NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        completed_at         timestamptz
      )`);
    await db.query(`CREATE INDEX jobs_newest_first ON jobs (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX jobs_by_status_newest_first ON jobs (status, created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE runs (
        id                   text PRIMARY KEY,
        agent_id             text,
        status               text NOT NULL,
        metadata             jsonb NOT NULL DEFAULT '{}',
        callback_url         text,
        callback_sent_at     timestamptz,
        callback_status_code integer,
        callback_error       text,
        version              integer NOT NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        completed_at         timestamptz
      )`);
    await db.query(`CREATE INDEX runs_newest_first ON runs (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX runs_by_status_newest_first ON runs (status, created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX runs_by_agent_newest_first ON runs (agent_id, created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE steps (
        id           text PRIMARY KEY,
        run_id       text NOT NULL REFERENCES runs (id),
        status       text NOT NULL,
        error        text,
        metadata     jsonb NOT NULL DEFAULT '{}',
        version      integer NOT NULL,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await db.query(`CREATE INDEX steps_by_run ON steps (run_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE steps`);
    await db.query(`DROP TABLE runs`);
    await db.query(`DROP TABLE jobs`);
    await db.query(`DROP TABLE events`);
  }
}
