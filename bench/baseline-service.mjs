// The benchmark's baseline, never part of the product: a minimal job service the way the original inline code
// works — plain node:http + pg, no framework. It commits the status change, then awaits the callback POST
// (5 s timeout) in the request, records callback_* on the row, and only then answers. Fast, but a crash between
// the commit and the POST loses the callback: the product's outbox exists to close that gap.
// Same contract as the product for what the bench drives: POST /v1/jobs, PATCH /v1/jobs/:id, GET /health/ready.
// Env: DATABASE_URL, PORT (127.0.0.1 only).
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import pg from 'pg';

const TERMINAL = ['completed', 'failed', 'cancelled', 'expired'];
const STATUSES = ['created', 'running', ...TERMINAL];
const CALLBACK_TIMEOUT_MS = 5000;

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'bench-baseline' });
await pool.query(`
  CREATE TABLE IF NOT EXISTS baseline_jobs (
    id text PRIMARY KEY, status text NOT NULL, metadata jsonb NOT NULL, callback_url text,
    created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, completed_at timestamptz,
    callback_sent_at timestamptz, callback_status_code int, callback_error text)`);

const callbackAgent = new Agent({ keepAlive: true, maxSockets: 64 });

const server = createServer(async (request, response) => {
  try {
    const body = await readJson(request);
    if (request.method === 'GET' && request.url === '/health/ready') return reply(response, 200, { status: 'ok' });
    if (request.method === 'POST' && request.url === '/v1/jobs') return reply(response, 201, await createJob(body));
    const match = /^\/v1\/jobs\/([^/?]+)$/.exec(request.url ?? '');
    if (request.method === 'PATCH' && match) {
      const job = await updateJob(decodeURIComponent(match[1]), body);
      return job ? reply(response, 200, job) : reply(response, 404, { message: 'not found' });
    }
    reply(response, 404, { message: 'not found' });
  } catch (error) {
    reply(response, error.status ?? 500, { message: error.message });
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

async function createJob({ callback_url = null, metadata = {} }) {
  const now = new Date();
  const { rows } = await pool.query(
    `INSERT INTO baseline_jobs (id, status, metadata, callback_url, created_at, updated_at) VALUES ($1, 'created', $2, $3, $4, $4) RETURNING *`,
    [`job-${randomUUID()}`, JSON.stringify(metadata), callback_url, now],
  );
  return toResponse(rows[0]);
}

async function updateJob(id, { status, metadata }) {
  if (status !== undefined && !STATUSES.includes(status)) throw Object.assign(new Error('status is invalid'), { status: 400 });
  const now = new Date();
  const terminal = TERMINAL.includes(status);
  // The first terminal transition wins; a repeat or another status on a terminal job changes nothing.
  const { rows } = await pool.query(
    `UPDATE baseline_jobs
        SET status = coalesce($2, status), metadata = metadata || coalesce($3::jsonb, '{}'), updated_at = $4,
            completed_at = CASE WHEN $5 THEN $4 ELSE completed_at END
      WHERE id = $1 AND status <> ALL($6)
      RETURNING *`,
    [id, status ?? null, metadata ? JSON.stringify(metadata) : null, now, terminal, TERMINAL],
  );
  if (rows.length === 0) {
    const existing = await pool.query('SELECT * FROM baseline_jobs WHERE id = $1', [id]);
    if (existing.rows.length === 0) return undefined;
    if (existing.rows[0].status !== status) throw Object.assign(new Error('job is already terminal'), { status: 409 });
    return toResponse(existing.rows[0]);
  }
  let job = rows[0];
  if (terminal && job.callback_url) job = await sendCallback(job); // committed above; now inline, awaited
  return toResponse(job);
}

async function sendCallback(job) {
  const payload = JSON.stringify({ job_id: job.id, status: job.status, completed_at: job.completed_at.toISOString(), metadata: job.metadata });
  const sentAt = new Date();
  let statusCode = null;
  let error = null;
  try {
    statusCode = await postCallback(job.callback_url, payload);
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (failure) {
    error = failure.message;
  }
  const { rows } = await pool.query(
    `UPDATE baseline_jobs SET callback_sent_at = $2, callback_status_code = $3, callback_error = $4 WHERE id = $1 RETURNING *`,
    [job.id, sentAt, statusCode, error],
  );
  return rows[0];
}

/** One POST with a deadline for the whole exchange; resolves with the status code. */
function postCallback(url, payload) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const request = httpRequest(url, { method: 'POST', agent: callbackAgent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        clearTimeout(timer);
        resolve(response.statusCode);
      });
    });
    const timer = setTimeout(() => request.destroy(new Error(`timeout after ${CALLBACK_TIMEOUT_MS} ms`)), CALLBACK_TIMEOUT_MS);
    request.on('error', (failure) => {
      clearTimeout(timer);
      reject(failure);
    });
    request.end(payload);
  });
}

function readJson(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        reject(Object.assign(new Error('malformed JSON'), { status: 400 }));
      }
    });
    request.on('error', reject);
  });
}

function reply(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

function toResponse(row) {
  const iso = (value) => value?.toISOString() ?? null;
  return {
    id: row.id, status: row.status, created_at: iso(row.created_at), updated_at: iso(row.updated_at), completed_at: iso(row.completed_at),
    metadata: row.metadata, callback_url: row.callback_url, callback_sent_at: iso(row.callback_sent_at),
    callback_status_code: row.callback_status_code, callback_error: row.callback_error,
  };
}
