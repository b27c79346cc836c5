// A bulk load's usual trick, applied to whatever the migrations made: the loaded tables' indexes and constraints
// are read from the catalog, dropped while the history is written, and built again after from their own
// definitions (same names, same definitions), so a random-id index is sorted once instead of updated row by row.

/** Drops the tables' indexes, keys and foreign keys; answers the statements that make them again, in order. */
export async function dropIndexes(query, tables) {
  const constraints = await query(
    `SELECT c.conrelid::regclass::text AS "table", c.conname AS name, c.contype AS type, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('p', 'u', 'f')`,
    [tables],
  );
  const indexes = await query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  const foreign = constraints.filter((c) => c.type === 'f');
  const keys = constraints.filter((c) => c.type !== 'f');
  for (const c of foreign) await query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  for (const index of indexes) await query(`DROP INDEX ${index.name}`);
  for (const c of keys) await query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`);
  return [
    ...keys.map((c) => `ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`),
    ...indexes.map((index) => index.def),
    ...foreign.map((c) => `ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}`),
  ];
}

/** Builds them again (with room to sort in memory); answers how long each took. */
export async function rebuildIndexes(query, statements, log = () => undefined) {
  await query(`SET maintenance_work_mem = '1GB'`);
  const timings = [];
  for (const statement of statements) {
    const started = Date.now();
    await query(statement);
    timings.push({ statement, ms: Date.now() - started });
    log(`  ${((Date.now() - started) / 1000).toFixed(1)} s  ${statement.slice(0, 110)}`);
  }
  await query('RESET maintenance_work_mem');
  return timings;
}
