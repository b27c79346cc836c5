// The benchmark's baseline, never part of the product: a minimal job service the way the original inline code
// works — plain node:http + pg, no framework. It commits the status change, then awaits the callback POST
// (5 s timeout) in the request, records callback_* on the row, and only then answers. Fast, but a crash between
// the commit and the POST loses the callback: the product's outbox exists to close that gap.
// Same contract as the product for what the bench drives: POST /v1/jobs, PATCH /v1/jobs/:id, GET /health/ready.
// Env: DATABASE_URL, PORT (127.0.0.1 only).
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest } from 'node:http';
import pg from 'pg';
import { CALLBACK_TIMEOUT_MS, STATUSES, TERMINAL, callbackPayload, inlineJobStatements, insertParams, toResponse, updateParams } from './inline-job.mjs';

const SQL = inlineJobStatements('baseline_jobs');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, application_name: 'bench-baseline' });
await pool.query(SQL.createTable);

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

async function createJob(body) {
  const { rows } = await pool.query(SQL.insert, insertParams(`job-${randomUUID()}`, body, new Date()));
  return toResponse(rows[0]);
}

async function updateJob(id, { status, metadata }) {
  if (status !== undefined && !STATUSES.includes(status)) throw Object.assign(new Error('status is invalid'), { status: 400 });
  const terminal = TERMINAL.includes(status);
  const { rows } = await pool.query(SQL.update, updateParams(id, { status, metadata }, new Date()));
  if (rows.length === 0) {
    const existing = await pool.query(SQL.select, [id]);
    if (existing.rows.length === 0) return undefined;
    if (existing.rows[0].status !== status) throw Object.assign(new Error('job is already terminal'), { status: 409 });
    return toResponse(existing.rows[0]);
  }
  let job = rows[0];
  if (terminal && job.callback_url) job = await sendCallback(job); // committed above; now inline, awaited
  return toResponse(job);
}

async function sendCallback(job) {
  const payload = callbackPayload(job);
  const sentAt = new Date();
  let statusCode = null;
  let error = null;
  try {
    statusCode = await postCallback(job.callback_url, payload);
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (failure) {
    error = failure.message;
  }
  const { rows } = await pool.query(SQL.recordCallback, [job.id, sentAt, statusCode, error]);
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
