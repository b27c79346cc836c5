import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why an endpoint is disabled, for machines: `paused` (through the API) or `failing` (the service disabled it after
 * ENDPOINT_DISABLE_AFTER), null while enabled. Rows projected before it are filled from their reason text exactly as
 * the EndpointDisabled v1 upcaster reads their events (the API's pause had one fixed text), so a rebuild gives them back.
 */
export class EndpointDisabledCause1764102000000 implements MigrationInterface {
  name = 'EndpointDisabledCause1764102000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE endpoints ADD COLUMN disabled_cause text CHECK (disabled_cause IN ('paused', 'failing'))`);
    await db.query(`
      UPDATE endpoints SET disabled_cause = CASE WHEN disabled_reason = 'paused through the API' THEN 'paused' ELSE 'failing' END
        WHERE NOT enabled`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE endpoints DROP COLUMN disabled_cause`);
  }
}
