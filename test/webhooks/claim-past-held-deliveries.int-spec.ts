import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLAIM_DUE_SQL, DeliveryLeasesTable } from '../../src/webhooks/persistence/delivery-leases.table';
import { openTestDatabase, resetDatabase } from '../support/database';

const HELD = 3000;
const AT = '2026-12-01T10:00:00.000Z';

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every scan of `deliveries` in the plan: the index it used and how many rows it read (kept and filtered out). */
function deliveryScans(node: PlanNode, scans: { index: string | undefined; read: number }[] = []): { index: string | undefined; read: number }[] {
  if (node['Relation Name'] === 'deliveries') {
    const loops = node['Actual Loops'] ?? 1;
    scans.push({ index: node['Index Name'], read: ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops });
  }
  for (const child of node.Plans ?? []) deliveryScans(child, scans);
  return scans;
}

/**
 * A paused endpoint's deliveries are held: due, but not to be sent. However many there are (days of a dead receiver's
 * retries before it was auto-disabled), a claim must not read its way past them to the deliveries it may send.
 */
describe('a claim beside a paused endpoint holding thousands of due deliveries', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
    await resetDatabase(db);
    const endpoint = async (id: string, enabled: boolean) =>
      db.query(
        `INSERT INTO endpoints (id, url, destination_host, description, enabled, metadata, created_at, updated_at, version)
         VALUES ($1, 'https://x.test/', 'x.test', '', $2, '{}', $3, $3, 1)`,
        [id, enabled, AT],
      );
    await endpoint('ep-paused', false);
    await endpoint('ep-live', true);
    // The held ones are the oldest due: a claim in due order meets them first.
    await db.query(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at,
                               subject_completed_at, created_at, updated_at, endpoint_id, event_type)
       SELECT 'dlv-held-' || n, 'job', 'job-' || n, 'https://x.test/', 'x.test', '{}', 'retrying', 1,
              timestamptz '${AT}' + n * interval '1 millisecond', '${AT}', '${AT}', '${AT}', 'ep-paused', 'job.failed'
         FROM generate_series(1, ${HELD}) AS n`,
    );
    const due = (id: string, endpointId: string | null) =>
      db.query(
        `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at,
                                 subject_completed_at, created_at, updated_at, endpoint_id, event_type)
         VALUES ($1, 'job', $2, 'https://y.test/', 'y.test', '{}', 'pending', 0, now(), '${AT}', '${AT}', '${AT}', $3, $4)`,
        [id, `job-${randomUUID()}`, endpointId, endpointId ? 'job.completed' : null],
      );
    await due('dlv-callback', null);
    await due('dlv-live', 'ep-live');
    // As autovacuum leaves a table that has held them for days: statistics, hint bits and visibility map set (with
    // ANALYZE alone a CI run at load once planned a walk past the held ones).
    await db.query('VACUUM ANALYZE deliveries, endpoints, delivery_leases');
  });
  afterAll(() => db.destroy());

  it('claims the sendable ones and reads none of the held ones: each scan of deliveries reads a handful of rows from its own index', async () => {
    const session = db.createQueryRunner();
    await session.startTransaction();
    try {
      const params = [10, 60_000, [], 64, '{}', randomUUID(), 40];
      const [{ 'QUERY PLAN': [plan] }] = await session.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${CLAIM_DUE_SQL}`, params);
      const scans = deliveryScans(plan.Plan);
      const read = scans.reduce((total, scan) => total + scan.read, 0);
      // A walk past the held ones reads all 3,000; a claim that never meets them reads a handful (a tenth is the bound).
      if (read >= HELD / 10) throw new Error(`the claim read ${read} rows of deliveries; its scans: ${JSON.stringify(scans)}; its plan: ${JSON.stringify(plan.Plan)}`);
      const used = scans.map((scan) => scan.index);
      expect(used).toEqual(expect.arrayContaining(['deliveries_due_callbacks', 'deliveries_due_by_endpoint']));
    } finally {
      await session.rollbackTransaction();
      await session.release();
    }
    const claimed = await new DeliveryLeasesTable(db).claimDue({ limit: 10, leaseMs: 60_000, perHostLimit: 64, busyHosts: {} });
    expect(claimed.map((delivery) => delivery.id).sort()).toEqual(['dlv-callback', 'dlv-live']);
  });
});
