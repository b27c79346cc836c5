// The benchmark's database: DATABASE_URL's server or an embedded one, a fresh `callback_bench` per scenario, and
// what the bench reads back from it after a run (no product code).
import { resolve } from 'node:path';
import pg from 'pg';

/** DATABASE_URL's server, else an embedded one; `recreate()` gives each scenario an empty `callback_bench`. */
export async function benchDatabase() {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await (await import('../dist/platform/database/embedded-database.js')).startEmbeddedDatabase(resolve('.data/bench-postgres'));
  const adminUrl = process.env.DATABASE_URL ?? embedded.url;
  const url = new URL(adminUrl);
  url.pathname = '/callback_bench';
  return { url: url.toString(), recreate: () => recreateDatabase(adminUrl), stop: async () => embedded?.stop() };
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
async function recreateDatabase(adminUrl) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS callback_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE callback_bench');
  await admin.end();
}
