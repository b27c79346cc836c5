// Runs before the test files, outside Jest's module sandbox (hence plain JS importing the built dist/): a PostgreSQL
// for the run (embedded unless DATABASE_URL names a server) and a template database migrated once, which each Jest
// worker copies into a database of its own (worker-database.ts) so test files can run side by side.
import { resolve } from 'node:path';
import pg from 'pg';

export default async function globalSetup() {
  if (globalThis.__testDatabaseServer) return; // once per run, however many projects run
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const { startEmbeddedDatabase } = await import('../../dist/platform/database/embedded-database.js');
    const started = Date.now();
    const database = await startEmbeddedDatabase(resolve('.data/test-postgres'), (message) => console.log(message));
    console.log(`\nembedded PostgreSQL for tests ready in ${Date.now() - started} ms`);
    globalThis.__embeddedDatabase = database;
    serverUrl = database.url;
  }
  const base = new URL(serverUrl).pathname.slice(1) || 'postgres';
  // Names of this run's own: a service process an earlier, aborted run left behind cannot find its database again.
  const template = `${base}_t${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Databases of earlier runs whose process is gone (an aborted run never dropped its own); a run still going on
    // the same server keeps its databases.
    const ours = await admin.query(`SELECT datname FROM pg_database WHERE datname ~ $1`, [`^${escapeRegExp(base)}_t[0-9]+(_w[0-9]+)?$`]);
    for (const { datname } of ours.rows) {
      if (!isAlive(Number(/_t([0-9]+)/.exec(datname.slice(base.length))[1]))) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await migrate(withDatabase(serverUrl, template));
  globalThis.__testTemplateDatabase = template;
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
  process.env.DATABASE_URL = serverUrl;
  globalThis.__testDatabaseServer = serverUrl;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Drops this run's template and worker databases (global teardown). */
export async function dropRunDatabases(serverUrl, template) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const ours = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${template}\\_w%`]);
    for (const { datname } of ours.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function withDatabase(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function migrate(url) {
  const { DataSource } = await import('typeorm');
  const { dataSourceOptions } = await import('../../dist/platform/database/data-source-options.js');
  const { DATABASE_SCHEMA } = await import('../../dist/database-schema.js');
  const { runMigrationsExclusively } = await import('../../dist/platform/database/migration-runner.js');
  // Two connections: the migration lock holds one while the migrations run on the other.
  const dataSource = await new DataSource(dataSourceOptions(url, 2, { schema: DATABASE_SCHEMA })).initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
