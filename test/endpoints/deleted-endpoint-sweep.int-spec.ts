import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ReadDataSource } from '../../src/platform/database/read-data-source';
import { DeliveriesTable } from '../../src/webhooks/persistence/deliveries.table';
import { openTestDatabase, planWithoutSeqScans, resetDatabase } from '../support/database';

const AT = '2026-12-01T10:00:00.000Z';

/** What the sweep ending a deleted endpoint's deliveries reads, against the real migrated PostgreSQL. */
describe("the deleted endpoints' sweep on PostgreSQL", () => {
  let db: DataSource;
  let deliveries: DeliveriesTable;
  beforeAll(async () => {
    db = await openTestDatabase();
    deliveries = new DeliveriesTable(db, new ReadDataSource(db));
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    await resetDatabase(db);
    const endpoint = (id: string, deleted: boolean) =>
      db.query(
        `INSERT INTO endpoints (id, url, destination_host, description, enabled, metadata, created_at, updated_at, deleted_at, version)
         VALUES ($1, 'https://x.test/', 'x.test', '', true, '{}', $2, $2, $3, 1)`,
        [id, AT, deleted ? AT : null],
      );
    await endpoint('ep-gone', true);
    await endpoint('ep-live', false);
    const delivery = (id: string, endpointId: string, status: string, abandoned: string | null) =>
      db.query(
        `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, subject_completed_at, created_at, updated_at,
                                 endpoint_id, abandoned_reason, next_attempt_at)
         VALUES ($1, 'job', 'job-1', 'https://x.test/', 'x.test', '{}', $2, 1, $3, $3, $3, $4, $5, $6)`,
        [id, status, AT, endpointId, abandoned, status === 'retrying' || status === 'pending' ? AT : null],
      );
    await delivery('dlv-delivered', 'ep-gone', 'succeeded', null);
    await delivery('dlv-retrying', 'ep-gone', 'retrying', null);
    await delivery('dlv-dead', 'ep-gone', 'dead_lettered', null);
    await delivery('dlv-ended', 'ep-gone', 'dead_lettered', 'its endpoint ep-gone was deleted');
    await delivery('dlv-in-flight', 'ep-gone', 'pending', null);
    await delivery('dlv-live', 'ep-live', 'retrying', null);
    await db.query(`INSERT INTO delivery_leases (delivery_id, token, attempt, expires_at) VALUES ('dlv-in-flight', gen_random_uuid(), 1, now() + interval '1 minute')`);
  });

  it("finds a deleted endpoint's deliveries not ended yet (dead letters included), none delivered, ended or under a lease", async () => {
    const found = await deliveries.unendedOfDeletedEndpoints(10);
    expect(found.map((one) => [one.id, one.endpointId]).sort()).toEqual([
      ['dlv-dead', 'ep-gone'],
      ['dlv-retrying', 'ep-gone'],
    ]);
    expect(await deliveries.unendedOfDeletedEndpoints(1)).toHaveLength(1);
  });

  it('reads the index of unended endpoint deliveries, never a deleted endpoint\'s delivered history', async () => {
    const plan = await planWithoutSeqScans(db, ['deliveries', 'endpoints'],
      `SELECT d.id FROM endpoints e JOIN deliveries d ON d.endpoint_id = e.id
        WHERE e.deleted_at IS NOT NULL AND d.status <> 'succeeded' AND d.abandoned_reason IS NULL`);
    expect(plan).toMatch(/deliveries_unended_by_endpoint/);
  });
});
