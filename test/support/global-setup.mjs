// Runs once before all test files, outside Jest's module sandbox (hence plain JS importing the built dist/).
import { resolve } from 'node:path';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) return;
  const { startEmbeddedDatabase } = await import('../../dist/platform/database/embedded-database.js');
  const started = Date.now();
  const database = await startEmbeddedDatabase(resolve('.data/test-postgres'), (message) => console.log(message));
  console.log(`\nembedded PostgreSQL for tests ready in ${Date.now() - started} ms`);
  process.env.DATABASE_URL = database.url;
  globalThis.__embeddedDatabase = database;
}
