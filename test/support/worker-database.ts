import { beforeAll } from '@jest/globals';
import pg from 'pg';

/**
 * Each Jest worker works in a database of its own, copied from the template that global setup migrated: test
 * files in different workers never see each other's rows, locks or notifications. Setting DATABASE_URL here,
 * before the test file is loaded, points the file's apps, data sources and child processes at it.
 */
const server = process.env.TEST_DATABASE_SERVER_URL;
const template = process.env.TEST_TEMPLATE_DATABASE;
if (server && template) {
  const name = `${template}_w${process.env.JEST_WORKER_ID ?? '1'}`;
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (existing.rowCount === 0) await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.end();
    }
  });
}
