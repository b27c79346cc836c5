import type { PendingWrite } from './write-batch';

/** A column as a projection writes it: its name and its SQL type (for rows handed over as JSON). */
export interface ColumnSpec {
  name: string;
  type: string;
}

/**
 * One statement writing whole rows, inserted or replacing the stored ones on `key` — so a row edited or deleted by
 * hand is put back by the next change. Only `columns` are written: columns other projections own stay as they are.
 * One row goes as plain parameters (the live path); many as one JSON document (a rebuild's batch).
 */
export function upsertRows(table: string, key: string, columns: readonly ColumnSpec[], rows: readonly Record<string, unknown>[]): PendingWrite {
  const names = columns.map((column) => column.name);
  const onConflict = `ON CONFLICT (${key}) DO UPDATE SET ${names.filter((name) => name !== key).map((name) => `${name} = EXCLUDED.${name}`).join(', ')}`;
  if (rows.length === 1) {
    // A null jsonb value is SQL NULL, as jsonb_to_recordset makes it in the batch path (a rebuild writes the same rows).
    const params = columns.map(({ name, type }) => (type === 'jsonb' && rows[0][name] !== null && rows[0][name] !== undefined ? JSON.stringify(rows[0][name]) : rows[0][name] ?? null));
    return { sql: `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) ${onConflict}`, params, rows: [`${table}:${String(rows[0][key])}`] };
  }
  const types = columns.map(({ name, type }) => `${name} ${type}`).join(', ');
  return {
    sql: `INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${types}) ${onConflict}`,
    params: [JSON.stringify(rows)],
    rows: rows.map((row) => `${table}:${String(row[key])}`),
  };
}
