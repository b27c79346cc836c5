import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CONCURRENT_COMMITS } from '../../src/platform/database/commit-batcher';
import { UnitOfWork } from '../../src/platform/database/unit-of-work';
import { startTestApp, TestApp } from '../support/test-app';

// Units of work through the app's own UnitOfWork on the real database; a table of the test's own holds their writes.
describe('group commit of units of work', () => {
  let t: TestApp;
  let unitOfWork: UnitOfWork;
  beforeAll(async () => {
    t = await startTestApp();
    unitOfWork = t.app.get(UnitOfWork);
    await t.db.query('CREATE TABLE IF NOT EXISTS group_commit_probe (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(async () => {
    await t.db.query('DROP TABLE IF EXISTS group_commit_probe');
    await t.close();
  });
  beforeEach(() => t.db.query('TRUNCATE group_commit_probe'));

  const insert = (id: number, label: string) =>
    unitOfWork.run(async (batch) => {
      batch.write('INSERT INTO group_commit_probe (id, label) VALUES ($1, $2)', [id, label]);
      return id;
    });
  /** How many rows each transaction wrote (rows written by one transaction share its xmin), in ascending order. */
  const rowsPerTransaction = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM group_commit_probe GROUP BY xmin::text`)).map((row: { n: number }) => row.n).sort((a: number, b: number) => a - b);

  it('units that become ready while the commits are busy go out together, as one transaction', async () => {
    // The first CONCURRENT_COMMITS units find a commit free and go alone; the next 9 wait for one: a group of 8
    // (sizes are powers of two) and then the last one alone.
    const units = CONCURRENT_COMMITS + 9;
    const ids = Array.from({ length: units }, (_, i) => i + 1);
    expect(await Promise.all(ids.map((id) => insert(id, `unit ${id}`)))).toEqual(ids);

    const rows = await t.db.query('SELECT id, label FROM group_commit_probe ORDER BY id');
    expect(rows).toEqual(ids.map((id) => ({ id, label: `unit ${id}` })));
    expect(await rowsPerTransaction()).toEqual([...Array(CONCURRENT_COMMITS + 1).fill(1), 8]);
  });

  it('a unit that fails inside a group fails alone, with its own error; the others of the group commit', async () => {
    await t.db.query(`INSERT INTO group_commit_probe (id, label) VALUES (7, 'there before')`);
    const ids = Array.from({ length: CONCURRENT_COMMITS + 9 }, (_, i) => i + 1);
    const outcomes = await Promise.allSettled(ids.map((id) => insert(id, `unit ${id}`)));

    // unit 7 is in the group of 8 (units 5–12): its duplicate key failed the group's statement
    outcomes.forEach((outcome, index) => {
      if (ids[index] === 7) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: '23505', constraint: 'group_commit_probe_pkey' });
      } else {
        expect(outcome).toEqual({ status: 'fulfilled', value: ids[index] });
      }
    });
    const rows = await t.db.query('SELECT id, label FROM group_commit_probe ORDER BY id');
    expect(rows).toEqual(ids.map((id) => ({ id, label: id === 7 ? 'there before' : `unit ${id}` })));
  });
});
