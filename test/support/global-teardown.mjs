export default async function globalTeardown() {
  if (!globalThis.__testDatabaseServer) return; // once per run, however many projects ran
  globalThis.__testDatabaseServer = undefined;
  await globalThis.__embeddedDatabase?.stop();
  globalThis.__embeddedDatabase = undefined;
}
