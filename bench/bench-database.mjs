// The benchmark's database: DATABASE_URL's server or an embedded one, a fresh `callback_bench` per scenario, and
// what the bench reads back from it after a run (no product code).
import { resolve } from 'node:path';
import pg from 'pg';

const BENCH_DATABASE = 'callback_bench';

/**
 * DATABASE_URL's server, else an embedded one; `recreate()` gives each scenario an empty `callback_bench` (the
 * history mode also uses a second database, `recreate(name)` / `urlOf(name)`).
 */
export async function benchDatabase() {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await (await import('../dist/platform/database/embedded-database.js')).startEmbeddedDatabase(resolve('.data/bench-postgres'));
  const adminUrl = process.env.DATABASE_URL ?? embedded.url;
  const urlOf = (name) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return { url: urlOf(BENCH_DATABASE), urlOf, recreate: (name = BENCH_DATABASE) => recreateDatabase(adminUrl, name), stop: async () => embedded?.stop() };
}
export async function countOverlappingAttempts(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(`
    SELECT count(*)::int AS n FROM delivery_attempts a
      JOIN delivery_attempts b ON a.delivery_id = b.delivery_id AND a.number < b.number
     WHERE a.started_at < b.finished_at AND b.started_at < a.finished_at`);
  await client.end();
  return rows[0].n;
}

/** A fresh database of its own, so the bench never touches the service's or the tests' data. */
async function recreateDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
