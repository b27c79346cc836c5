import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { DeliveryCircuitsTable } from '../../src/webhooks/persistence/delivery-circuits.table';
import { DeliveryRateWindowsTable } from '../../src/webhooks/persistence/delivery-rate-windows.table';
import { openTestDatabase, resetDatabase } from '../support/database';
import { eventually } from '../support/poll';

/** An endpoint's circuit breaker and rate window, shared by every replica, against the real migrated PostgreSQL. */
describe('destination limits on PostgreSQL', () => {
  let db: DataSource;
  let circuits: DeliveryCircuitsTable;
  let windows: DeliveryRateWindowsTable;
  beforeAll(async () => {
    db = await openTestDatabase();
    circuits = new DeliveryCircuitsTable(db);
    windows = new DeliveryRateWindowsTable(db);
  });
  afterAll(() => db.destroy());
  beforeEach(() => resetDatabase(db));

  const waitMs = async (key: string) => (await circuits.check(key, 5000)).waitMs;

  it('opens after N failures in a row, holds for the cool-down, then lets one probe through at a time', async () => {
    const fail = () => circuits.record('ep-a', false, 3, 300);
    expect(await waitMs('ep-a')).toBe(0); // never failed: no row, closed
    await fail();
    await fail();
    expect(await waitMs('ep-a')).toBe(0);
    await circuits.record('ep-a', true, 3, 300); // a success in between starts the count again
    await fail();
    await fail();
    expect(await waitMs('ep-a')).toBe(0);
    await fail();
    const held = await waitMs('ep-a');
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(300);
    expect(await waitMs('ep-b')).toBe(0); // one endpoint's circuit is its own

    // After the cool-down: exactly one of several concurrent callers is the probe; the others wait for its result.
    await eventually(async () => (await db.query(`SELECT open_until <= clock_timestamp() AS over FROM delivery_circuits WHERE key = 'ep-a'`))[0].over);
    const waits = await Promise.all(Array.from({ length: 6 }, () => waitMs('ep-a')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(1);
    expect(waits.filter((wait) => wait > 0)).toHaveLength(5);
    await fail(); // the probe failed: open again for the whole cool-down
    expect(await waitMs('ep-a')).toBeGreaterThan(200);

    await eventually(async () => (await waitMs('ep-a')) === 0, { what: 'the next probe' });
    await circuits.record('ep-a', true, 3, 300); // the probe succeeded: closed for everyone
    expect(await Promise.all([waitMs('ep-a'), waitMs('ep-a')])).toEqual([0, 0]);
    expect(await db.query(`SELECT consecutive_failures, open_until, probe_until FROM delivery_circuits WHERE key = 'ep-a'`)).toEqual([
      { consecutive_failures: 0, open_until: null, probe_until: null },
    ]);
  });

  it('says whether a circuit is clean: nothing counted and not open (no row is clean too)', async () => {
    expect(await circuits.check('ep-a', 5000)).toEqual({ waitMs: 0, clean: true });
    await circuits.record('ep-a', false, 2, 60_000);
    expect(await circuits.check('ep-a', 5000)).toEqual({ waitMs: 0, clean: false }); // one failure counted, still closed
    await circuits.record('ep-a', false, 2, 60_000);
    expect(await circuits.check('ep-a', 5000)).toEqual({ waitMs: expect.any(Number), clean: false });
    await circuits.reset('ep-a');
    expect(await circuits.check('ep-a', 5000)).toEqual({ waitMs: 0, clean: true });
    await circuits.record('ep-a', false, 2, 60_000);
    await circuits.record('ep-a', true, 2, 60_000);
    expect(await circuits.check('ep-a', 5000)).toEqual({ waitMs: 0, clean: true }); // a row, back to nothing counted
  });

  it('gives out at most N slots per second per key, and N more the next second', async () => {
    // Start early in a second of the database's clock, so the four takes fall in one window.
    await eventually(async () => Number((await db.query(`SELECT extract(milliseconds FROM clock_timestamp())::int % 1000 AS ms`))[0].ms) < 300);
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await windows.takeSlot('ep-a', 3));
    expect(taken).toEqual([true, true, true, false]);
    expect(await windows.takeSlot('ep-b', 3)).toBe(true);
    const [{ second }] = await db.query(`SELECT date_trunc('second', clock_timestamp()) AS second`);
    await eventually(async () => (await db.query(`SELECT date_trunc('second', clock_timestamp()) > $1 AS next FROM (SELECT 1) x`, [second]))[0].next);
    expect(await windows.takeSlot('ep-a', 3)).toBe(true);
  });
});
