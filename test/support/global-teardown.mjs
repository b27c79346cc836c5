import { dropRunDatabases } from './global-setup.mjs';

export default async function globalTeardown() {
  if (!globalThis.__testDatabaseServer) return; // once per run, however many projects ran
  const server = globalThis.__testDatabaseServer;
  globalThis.__testDatabaseServer = undefined;
  // A server that outlives the run (DATABASE_URL) keeps nothing of it; the embedded one is stopped anyway.
  if (!globalThis.__embeddedDatabase) await dropRunDatabases(server, globalThis.__testTemplateDatabase);
  await globalThis.__embeddedDatabase?.stop();
  globalThis.__embeddedDatabase = undefined;
}
