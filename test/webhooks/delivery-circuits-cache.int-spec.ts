import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CLEAN_CIRCUIT_TRUSTED_MS, DeliveryCircuits } from '../../src/webhooks/persistence/delivery-circuits';
import { DeliveryCircuitsTable } from '../../src/webhooks/persistence/delivery-circuits.table';
import { openTestDatabase, resetDatabase } from '../support/database';
import { eventually } from '../support/poll';

/**
 * Two replicas' views of the endpoints' circuit breakers over one real PostgreSQL: a healthy endpoint's attempts
 * cost no statement while its circuit was seen clean within the last second; the breaker's rules still hold.
 */
describe('the circuit breakers as the dispatcher asks them', () => {
  let db: DataSource;
  const statements: string[] = [];
  let replica: (name: string) => DeliveryCircuits;
  beforeAll(async () => {
    db = await openTestDatabase();
    const table = new DeliveryCircuitsTable(db);
    // Each statement the table sends, named by its first words, counted per replica.
    replica = (name) =>
      new DeliveryCircuits(
        new Proxy(table, {
          get: (target, property) => {
            const value = Reflect.get(target, property) as unknown;
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              statements.push(`${name} ${String(property)}`);
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }),
      );
  });
  afterAll(() => db.destroy());
  beforeEach(async () => {
    statements.length = 0;
    await resetDatabase(db);
  });
  const OPENS_AFTER = 2;
  const COOLDOWN_MS = 60_000;

  it("asks the table once, then nothing for a clean circuit's next attempts and successes until the second is over", async () => {
    const a = replica('a');
    expect(await a.waitMs('ep-1', 5000)).toBe(0);
    await a.record('ep-1', true, OPENS_AFTER, COOLDOWN_MS);
    for (let i = 0; i < 5; i++) {
      expect(await a.waitMs('ep-1', 5000)).toBe(0);
      await a.record('ep-1', true, OPENS_AFTER, COOLDOWN_MS);
    }
    expect(statements).toEqual(['a check']);
    expect(await db.query(`SELECT count(*)::int AS rows FROM delivery_circuits`)).toEqual([{ rows: 0 }]);
    const seenAt = Date.now();
    await eventually(() => Date.now() - seenAt > CLEAN_CIRCUIT_TRUSTED_MS, { what: 'the trusted second over' });
    expect(await a.waitMs('ep-1', 5000)).toBe(0);
    expect(statements).toEqual(['a check', 'a check']);
  });

  it('counts every failure in the table and asks it again after one; a success then closes it with a write', async () => {
    const a = replica('a');
    expect(await a.waitMs('ep-1', 5000)).toBe(0);
    await a.record('ep-1', false, OPENS_AFTER, COOLDOWN_MS);
    expect(await a.waitMs('ep-1', 5000)).toBe(0); // one failure: still closed, but asked
    await a.record('ep-1', true, OPENS_AFTER, COOLDOWN_MS);
    expect(await a.waitMs('ep-1', 5000)).toBe(0);
    expect(statements).toEqual(['a check', 'a record', 'a check', 'a record']);
    expect(await db.query(`SELECT consecutive_failures, open_until FROM delivery_circuits WHERE key = 'ep-1'`)).toEqual([{ consecutive_failures: 0, open_until: null }]);
  });

  it("holds one replica's attempts once another opened the circuit, at the latest a second after it last saw it clean", async () => {
    const [a, b] = [replica('a'), replica('b')];
    expect(await b.waitMs('ep-1', 5000)).toBe(0); // b sees it clean
    await a.record('ep-1', false, OPENS_AFTER, COOLDOWN_MS);
    await a.record('ep-1', false, OPENS_AFTER, COOLDOWN_MS);
    expect(await a.waitMs('ep-1', 5000)).toBeGreaterThan(COOLDOWN_MS - 5000); // open for a
    const seenAt = Date.now();
    await eventually(async () => (await b.waitMs('ep-1', 5000)) > 0, { what: 'b holding its attempts too' });
    expect(Date.now() - seenAt).toBeLessThanOrEqual(CLEAN_CIRCUIT_TRUSTED_MS + 500);
    // b's own failure, had it come first, would have asked the table at once:
    const c = replica('c');
    expect(await c.waitMs('ep-2', 5000)).toBe(0);
    await a.record('ep-2', false, 1, COOLDOWN_MS); // opened by a
    await c.record('ep-2', false, 1, COOLDOWN_MS);
    expect(await c.waitMs('ep-2', 5000)).toBeGreaterThan(0);
  });
});
