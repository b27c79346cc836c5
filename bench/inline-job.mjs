// The job both inline comparison services run (bench/baseline-service.mjs on plain Node, bench/stack-floor-service.mjs
// on the required stack): one table, its statements and the JSON shapes, so the two differ only in the stack.

export const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];
export const STATUSES = ['created', 'running', ...TERMINAL];
export const CALLBACK_TIMEOUT_MS = 5000;

/** The statements on `table`; each takes the parameters its *Params function below returns. */
export function inlineJobStatements(table) {
  return {
    createTable: `
      CREATE TABLE IF NOT EXISTS ${table} (
        id text PRIMARY KEY, status text NOT NULL, metadata jsonb NOT NULL, callback_url text,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, completed_at timestamptz,
        callback_sent_at timestamptz, callback_status_code int, callback_error text)`,
    insert: `INSERT INTO ${table} (id, status, metadata, callback_url, created_at, updated_at) VALUES ($1, 'created', $2, $3, $4, $4) RETURNING *`,
    // The first terminal transition wins; a repeat or another status on a terminal job changes nothing.
    update: `UPDATE ${table}
                SET status = coalesce($2, status), metadata = metadata || coalesce($3::jsonb, '{}'), updated_at = $4,
                    completed_at = CASE WHEN $5 THEN $4 ELSE completed_at END
              WHERE id = $1 AND status <> ALL($6)
              RETURNING *`,
    select: `SELECT * FROM ${table} WHERE id = $1`,
    recordCallback: `UPDATE ${table} SET callback_sent_at = $2, callback_status_code = $3, callback_error = $4 WHERE id = $1 RETURNING *`,
  };
}

export const insertParams = (id, { callback_url = null, metadata = {} }, now) => [id, JSON.stringify(metadata), callback_url, now];

export const updateParams = (id, { status, metadata }, now) => [
  id, status ?? null, metadata ? JSON.stringify(metadata) : null, now, TERMINAL.includes(status), TERMINAL,
];

export const callbackPayload = (job) =>
  JSON.stringify({ job_id: job.id, status: job.status, completed_at: job.completed_at.toISOString(), metadata: job.metadata });

export function toResponse(row) {
  const iso = (value) => value?.toISOString() ?? null;
  return {
    id: row.id, status: row.status, created_at: iso(row.created_at), updated_at: iso(row.updated_at), completed_at: iso(row.completed_at),
    metadata: row.metadata, callback_url: row.callback_url, callback_sent_at: iso(row.callback_sent_at),
    callback_status_code: row.callback_status_code, callback_error: row.callback_error,
  };
}
