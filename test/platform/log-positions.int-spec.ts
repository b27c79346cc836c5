import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import {
  BEFORE_FIRST_STAMPED_FROM_SQL, FIRST_RECORDED_AT_OR_AFTER_SQL, LogPositions, STAMP_AHEAD_MARGIN_MS,
} from '../../src/platform/event-store/log-positions';
import { openTestDatabase, resetDatabase } from '../support/database';

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

/** The answer by definition: just before the lowest sequence stamped at or after `time` (a walk of the whole log). */
const ORACLE_SQL = `SELECT coalesce((SELECT min(sequence) - 1 FROM events WHERE occurred_at >= $1), (SELECT max(sequence) FROM events), 0)::text AS position`;

/** `count` events a second apart from `fromMs`, each stamped `stampLagMs` before its insert; recorded_at NULL when `recorded` is false. */
async function insertEvents(db: DataSource, fromMs: number, count: number, { stampLagMs = 0, recorded = true, prefix = 'job' } = {}) {
  await db.query(
    `INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at, recorded_at)
     SELECT $1 || '-' || i, 'job', 1, 'JobCreated', 2, '{}'::jsonb, $2::timestamptz + (i * 1000 - $4::int) * interval '1 millisecond',
            CASE WHEN $5 THEN $2::timestamptz + i * interval '1 second' END
       FROM generate_series(0, $3::int - 1) AS i ORDER BY i`,
    [prefix, at(fromMs), count, stampLagMs, recorded],
  );
}

/** The insertion clock and the walk by stamp, against the real events table: where a backfill from a time starts. */
describe('log positions on PostgreSQL: a time in the log', () => {
  let db: DataSource;
  let positions: LogPositions;
  beforeAll(async () => {
    db = await openTestDatabase();
    positions = new LogPositions(db);
  });
  afterAll(() => db.destroy());
  beforeEach(() => resetDatabase(db));

  const oracle = async (time: Date): Promise<string> => (await db.query(ORACLE_SQL, [time]))[0].position;

  it('an empty log: 0 for any time, and 0 as its last sequence', async () => {
    expect(await positions.beforeFirstStampedAtOrAfter(at(0))).toBe('0');
    expect(await positions.last()).toBe('0');
  });

  it('a new row is recorded by the database clock at its insert (not its transaction\'s start), ascending with the sequence', async () => {
    const [row] = await db.transaction(async (tx) => {
      await tx.query(`SELECT now()`);
      await tx.query(`INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at) VALUES ('job-a', 'job', 1, 'JobCreated', 2, '{}', now()), ('job-b', 'job', 1, 'JobCreated', 2, '{}', now())`);
      return tx.query(`SELECT bool_and(recorded_at > now()) AS "afterTransactionStart", bool_and(recorded_at >= prior) AS ascending, count(*)::int AS rows
        FROM (SELECT recorded_at, lag(recorded_at, 1, '-infinity') OVER (ORDER BY sequence) AS prior FROM events) r`);
    });
    expect(row).toEqual({ afterTransactionStart: true, ascending: true, rows: 2 });
  });

  it('answers exactly as a walk of the whole log, with stamps out of insert order, gaps, and rows from before the clock', async () => {
    await insertEvents(db, 0, 300, { recorded: false, prefix: 'legacy' }); // rows from before recorded_at existed
    await insertEvents(db, 400_000, 300); // stamped at their insert
    await insertEvents(db, 800_000, 300, { stampLagMs: 45_000, prefix: 'late' }); // stamped long before their insert (after an outage)
    await insertEvents(db, 1_200_000, 300, { stampLagMs: -55_000, prefix: 'ahead' }); // a clock 55 s ahead of the database's (the margin is a minute)
    await db.query(`DELETE FROM events WHERE sequence % 7 = 3 OR sequence BETWEEN 500 AND 560`); // purges and rolled-back sequences
    const times = [-1, 0, 1, 150_500, 299_000, 350_000, 400_000, 400_001, 512_000, 640_000, 699_999, 770_000, 800_000, 810_000,
      1_000_000, 1_099_000, 1_150_000, 1_200_000, 1_230_000, 1_499_000, 1_600_000];
    for (const time of times) {
      expect({ time, position: await positions.beforeFirstStampedAtOrAfter(at(time)) }).toEqual({ time, position: await oracle(at(time)) });
    }
    expect(await positions.beforeFirstStampedAtOrAfter(at(1_600_000))).toBe(await positions.last());
    expect(await positions.last()).toBe('1199'); // 1200 was deleted (1200 % 7 = 3)
  });

  it('finds a time with a binary search and a walk of the margin only: never from the log\'s start', async () => {
    await insertEvents(db, 0, 100_000); // 100,000 events a second apart: 28 hours
    await db.query(`ANALYZE events`);
    const time = at(70_000_000);
    const plan = async (sql: string, params: unknown[]) => (await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params))[0]['QUERY PLAN'][0];
    const search = await plan(FIRST_RECORDED_AT_OR_AFTER_SQL, [new Date(time.getTime() - STAMP_AHEAD_MARGIN_MS)]);
    const probes = nodes(search.Plan).filter((node) => node['Relation Name'] === 'events' && node['Index Name'] === 'events_pkey');
    expect(probes.length).toBeGreaterThan(0);
    for (const probe of probes) expect(probe['Actual Rows']).toBeLessThanOrEqual(1);
    expect(Math.max(...probes.map((probe) => probe['Actual Loops']))).toBeLessThanOrEqual(20); // log2(100,000) ≈ 17 steps
    const [found] = await db.query(FIRST_RECORDED_AT_OR_AFTER_SQL, [new Date(time.getTime() - STAMP_AHEAD_MARGIN_MS)]);
    const walk = await plan(BEFORE_FIRST_STAMPED_FROM_SQL, [time, found.found]);
    expect(nodes(walk.Plan).some((node) => node['Node Type'] === 'Seq Scan')).toBe(false);
    const walked = nodes(walk.Plan).reduce((sum, node) => sum + (node['Rows Removed by Filter'] ?? 0), 0);
    expect(walked).toBeLessThanOrEqual(STAMP_AHEAD_MARGIN_MS / 1000 + 1); // the margin's events (one a second), not 70,000
    expect(await positions.beforeFirstStampedAtOrAfter(time)).toBe(await oracle(time));
  });
});

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Actual Rows': number; 'Actual Loops': number; 'Rows Removed by Filter'?: number; Plans?: PlanNode[] };
function nodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodes)];
}
