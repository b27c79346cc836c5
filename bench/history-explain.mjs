// node bench/history-explain.mjs /tmp/plans.jsonl > plans.md
// The plans of the service's hot statements on the history the last `--history` run loaded (its largest N stays
// in the bench database until the next run): starts the service with bench/explain-statements.cjs, drives every
// hot path once more — lists and later pages, stats (the dashboard's Overview), the feed at its start and its head,
// an endpoint created with a backfill from ten minutes ago (the fan-out reading the log), a few hundred completions
// (claims, commits, attempt records), paused endpoints created with `since` from 10 minutes to 59 days back (each
// timed beside the whole-log walk that answered before) — then prints bench/history-plans.mjs's summary. Diagnostic.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import { resolve } from 'node:path';
import pg from 'pg';
import { benchDatabase } from './bench-database.mjs';
import { summarise } from './history-plans.mjs';
import { freePort, inParallel, productionNodeFlags, send } from './load-tools.mjs';

const out = resolve(process.argv[2] ?? '/tmp/history-plans.jsonl');
const JOBS = 600;
rmSync(out, { force: true });
const database = await benchDatabase();
const received = new Set();
const receiver = createServer((request, response) => {
  request.on('data', () => undefined).on('end', () => (received.add(`${request.url} ${request.headers['webhook-id']}`), response.writeHead(200).end()));
});
await new Promise((done) => receiver.listen(0, '127.0.0.1', done));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}`;
const port = await freePort();
const service = spawn(process.execPath, [...productionNodeFlags(), '--require', resolve('bench/explain-statements.cjs'), resolve('dist/main.js')], {
  env: {
    ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url, PORT: String(port), LOG_LEVEL: 'warn', CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true',
    STEP_COMPLETE_WEBHOOK: `${receiverUrl}/steps`, EXPLAIN_STATEMENTS_FILE: out,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stopService = () => service.exitCode === null && service.kill('SIGTERM');
process.on('exit', stopService);
const target = { url: `http://127.0.0.1:${port}`, agent: new Agent({ keepAlive: true, maxSockets: 8 }) };
const call = (method, path, body) => send(target, method, path, body);
for (let i = 0; (await call('GET', '/health/ready').catch(() => ({ status: 0 }))).status !== 200; i++) {
  if (i > 6000) throw new Error('the service did not become ready in 10 minutes'); // a migration on a large history takes a while
  await new Promise((done) => setTimeout(done, 100));
}

try {
  await drive();
} finally {
  stopService();
  await new Promise((done) => (service.exitCode === null ? service.once('exit', done) : done()));
  target.agent.destroy();
  receiver.close();
  await horizonPlan(database.url, out).finally(() => database.stop());
}
summarise(out);

/** Drives every hot path once (see the header). */
async function drive() {
  // Reads a user makes: first and later pages, filters, stats, the feed at both ends, one of each detail.
  for (const list of ['/v1/jobs?limit=50', '/v1/runs?limit=50', '/v1/deliveries?limit=50', '/v1/deliveries?status=dead_lettered&limit=50']) {
    const first = (await call('GET', list)).body;
    if (first.next_cursor) await call('GET', `${list}&cursor=${first.next_cursor}`);
  }
  const stats = await call('GET', '/v1/deliveries/stats?minutes=60');
  const head = await lastSequence(database.url);
  await call('GET', '/v1/events?after=0&limit=100');
  await call('GET', `/v1/events?after=${Math.max(0, head - 500)}&limit=100`);
  await call('GET', `/v1/events?after=${Math.max(0, head - 500)}&limit=100&type=JobCompleted`);

  // The fan-out on the whole log: an endpoint backfilling the last ten minutes (or, if that cannot be created, one
  // starting at the log's end), then live completions.
  const since = new Date(Date.now() - 600_000).toISOString();
  const started = performance.now();
  let endpoint = await call('POST', '/v1/endpoints', { url: `${receiverUrl}/endpoint`, event_types: ['job.completed'], since });
  console.error(`POST /v1/endpoints with since ${since} answered ${endpoint.status} in ${Math.round(performance.now() - started)} ms`);
  if (endpoint.status !== 201) endpoint = await call('POST', '/v1/endpoints', { url: `${receiverUrl}/endpoint`, event_types: ['job.completed'] });
  if (endpoint.status !== 201) throw new Error(`creating the endpoint answered ${endpoint.status}: ${JSON.stringify(endpoint.body)}`);
  const ids = [];
  await inParallel(JOBS, 8, async () => ids.push((await call('POST', '/v1/jobs', { callback_url: `${receiverUrl}/jobs`, metadata: { explain: true } })).body.id));
  await inParallel(JOBS, 8, async (i) => call('PATCH', `/v1/jobs/${ids[i]}`, { status: 'completed' }));
  for (const deadline = Date.now() + 120_000; [...received].filter((key) => key.startsWith('/jobs')).length < JOBS && Date.now() < deadline; ) {
    await new Promise((done) => setTimeout(done, 200));
  }
  await sinceTimes();
  await call('GET', '/v1/endpoints/health?minutes=60');
  await call('GET', `/v1/endpoints/${endpoint.body.id}/health?minutes=60`);
  await call('GET', '/v1/deliveries/stats?minutes=60');
  console.error(`stats answered ${stats.status}; ${received.size} deliveries received; stopping the service`);
}

/**
 * Where a backfill from a time starts, for times from minutes to the history's start: an endpoint created paused with
 * `since` (so nothing is sent), through the API, against the walk of the whole log by stamp (the statement that
 * answered before LogPositions), run directly on the same database — the same positions, and what each took.
 */
async function sinceTimes() {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    for (const minutesAgo of [10, 24 * 60, 15 * 24 * 60, 59 * 24 * 60]) {
      const since = new Date(Date.now() - minutesAgo * 60_000);
      let started = performance.now();
      const created = await call('POST', '/v1/endpoints', { url: `${receiverUrl}/paused`, enabled: false, since: since.toISOString() });
      const apiMs = performance.now() - started;
      if (created.status !== 201) throw new Error(`creating a paused endpoint since ${since.toISOString()} answered ${created.status}`);
      const [{ position }] = (await client.query('SELECT position::text FROM endpoint_cursors WHERE endpoint_id = $1', [created.body.id])).rows;
      started = performance.now();
      const [walk] = (await client.query(
        'SELECT coalesce((SELECT min(sequence) - 1 FROM events WHERE occurred_at >= $1), (SELECT max(sequence) FROM events), 0)::text AS position', [since],
      )).rows;
      const walkMs = performance.now() - started;
      console.error(`since ${minutesAgo} min back: POST /v1/endpoints ${Math.round(apiMs)} ms (starts after ${position}); the whole-log walk ${Math.round(walkMs)} ms (after ${walk.position})${walk.position === position ? '' : ' — DIFFERENT'}`);
      await call('DELETE', `/v1/endpoints/${created.body.id}`);
    }
  } finally {
    await client.end();
  }
}

async function lastSequence(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const [{ head }] = (await client.query('SELECT max(sequence)::int AS head FROM events')).rows;
  await client.end();
  return head;
}

/** The feed horizon is a multi-statement query (the preload leaves those alone): its SELECT, explained here. */
async function horizonPlan(url, file) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sql = 'SELECT coalesce(max(sequence), 0)::text AS horizon FROM events';
  const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
  await client.end();
  const { appendFileSync } = await import('node:fs');
  appendFileSync(file, `${JSON.stringify({ occurrence: 1, sql, params: [], plan })}\n${JSON.stringify({ count: 1, sql })}\n`);
}
