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

/**
 * What the run cost the database in rows and transactions, per delivery: every row inserted, updated and deleted
 * in its tables (indexes aside) and every transaction, read from PostgreSQL's statistics once the services' sessions
 * have ended (a session's counts reach them when it ends). Unlike CPU time it does not move with the machine, so
 * two designs' write costs compare across runs. Only meaningful on the fresh database a scenario made.
 */
export async function databaseWritesPerDelivery(url, deliveries) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + 10_000;
    const othersLeft = async () =>
      (await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows[0].n;
    while ((await othersLeft()) > 0) {
      if (Date.now() > deadline) return null; // a session that does not end: its counts would be missing
      await new Promise((done) => setTimeout(done, 50));
    }
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows: [row] } = await client.query(`
      SELECT (SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables)::float8 AS inserted,
             (SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables)::float8 AS updated,
             (SELECT coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables)::float8 AS deleted,
             (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database())::float8 AS transactions`);
    const per = (value) => (deliveries > 0 ? Math.round((value / deliveries) * 100) / 100 : null);
    return {
      rows: per(row.inserted + row.updated + row.deleted),
      inserted: per(row.inserted),
      updated: per(row.updated),
      deleted: per(row.deleted),
      transactions: per(row.transactions),
    };
  } finally {
    await client.end();
  }
}

/** A fresh database of its own, so the bench never touches the service's or the tests' data. */
async function recreateDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}
