// Loads N past jobs (bench/history-units.mjs) into a migrated database with set-based SQL: one statement per chunk
// of units writes every table — events, jobs, runs, steps, deliveries, delivery_attempts, response_bodies — as the
// service would have written them. Events are numbered in time order across chunks: an event later than the
// next chunk's first creation waits in a temporary table and goes in with the chunk whose time it belongs to.
import { DEAD_LETTER_SPAN_MS, HELPERS_SQL, HISTORY_STEP_WEBHOOK, UNITS_CTES } from './history-units.mjs';

export { HISTORY_STEP_WEBHOOK };

const EVENT_TYPES = [
  'JobCreated', 'JobStarted', 'JobCompleted', 'RunCreated', 'RunStarted', 'RunStepAdded', 'RunCompleted', 'StepCreated', 'StepCompleted',
  'DeliveryScheduled', 'DeliverySucceeded', 'DeliveryAttemptFailed', 'DeliveryDeadLettered',
];
const ATTEMPT_EVENT = `CASE o.result WHEN 'succeeded' THEN 'DeliverySucceeded' WHEN 'retrying' THEN 'DeliveryAttemptFailed' ELSE 'DeliveryDeadLettered' END`;

/** Every event of the chunk's units: (at, i, ord) is their order; `kind` is 'job' or 'run'. */
const EVENTS_CTE = `
ev AS (
  SELECT created AS at, i, 0 AS ord, id AS stream_id, kind AS stream_type, 1 AS version, initcap(kind) || 'Created' AS type,
         jsonb_build_object(kind || '_id', id, 'metadata', metadata::jsonb, 'created_at', pg_temp.iso(created), 'callback_url', url)
           || CASE WHEN is_run THEN jsonb_build_object('agent_id', agent_id) ELSE '{}' END AS data
    FROM units_k
  UNION ALL
  SELECT started, i, 1, id, kind, 2, initcap(kind) || 'Started', jsonb_build_object(kind || '_id', id, 'status', 'running') FROM units_k
  UNION ALL
  SELECT created, i, 10 * j, id, 'step', 1, 'StepCreated',
         jsonb_build_object('run_id', run_id, 'step_id', id, 'metadata', metadata::jsonb, 'created_at', pg_temp.iso(created)) FROM steps
  UNION ALL
  SELECT created, i, 10 * j + 1, run_id, 'run', 2 + j, 'RunStepAdded', jsonb_build_object('run_id', run_id, 'step_id', id) FROM steps
  UNION ALL
  SELECT completed, i, 10 * j + 3, id, 'step', 2, 'StepCompleted',
         jsonb_build_object('error', NULL, 'run_id', run_id, 'status', 'success', 'metrics', metrics, 'step_id', id, 'completed_at', pg_temp.iso(completed)) FROM steps
  UNION ALL
  SELECT completed, i, 101, id, kind, 3 + step_count, initcap(kind) || 'Completed',
         jsonb_build_object(kind || '_id', id, 'status', status, 'completed_at', pg_temp.iso(completed)) FROM units_k
  UNION ALL
  SELECT scheduled, i, ord, id, 'delivery', 1, 'DeliveryScheduled',
         jsonb_build_object('url', url, 'kind', kind, 'payload', payload, 'subject_id', subject_id, 'delivery_id', id,
                            'destination_host', host, 'subject_completed_at', pg_temp.iso(scheduled)) FROM deliveries
  UNION ALL
  SELECT o.finished, o.i, o.event_ord, o.id, 'delivery', 1 + o.n, ${ATTEMPT_EVENT},
         jsonb_build_object('error', o.error, 'attempt', o.n, 'started_at', pg_temp.iso(o.started), 'delivery_id', o.id, 'duration_ms', o.duration,
                            'finished_at', pg_temp.iso(o.finished), 'status_code', o.status_code,
                            'next_attempt_at', CASE WHEN o.result = 'retrying' THEN pg_temp.iso(o.next_due) END, 'response_headers', o.response_headers)
    FROM outcomes o
)`;

/** One chunk: $8 is where the next chunk's time starts (null for the last); the schema versions come as CASE text. */
export function chunkStatement(schemaVersionCase) {
  return `
WITH ${UNITS_CTES},
units_k AS (SELECT *, CASE WHEN is_run THEN 'run' ELSE 'job' END AS kind FROM units),
${EVENTS_CTE},
jobs_written AS (
  INSERT INTO jobs (id, status, metadata, callback_url, callback_sent_at, callback_status_code, callback_error, version, created_at, updated_at, completed_at)
  SELECT u.id, u.status, u.metadata::jsonb, u.url, a.started, a.status_code, a.error, 3, u.created, u.completed, u.completed
    FROM units u JOIN last_attempts a ON a.i = u.i AND a.ord = 100 WHERE NOT u.is_run
),
runs_written AS (
  INSERT INTO runs (id, agent_id, status, metadata, callback_url, callback_sent_at, callback_status_code, callback_error, version, created_at, updated_at, completed_at)
  SELECT u.id, u.agent_id, u.status, u.metadata::jsonb, u.url, a.started, a.status_code, a.error, 3 + u.step_count, u.created, u.completed, u.completed
    FROM units u JOIN last_attempts a ON a.i = u.i AND a.ord = 100 WHERE u.is_run
  RETURNING id
),
steps_written AS (
  INSERT INTO steps (id, run_id, status, error, metadata, metrics, version, created_at, updated_at, completed_at)
  SELECT s.id, s.run_id, 'success', NULL, s.metadata::jsonb, s.metrics, 2, s.created, s.completed, s.completed
    FROM steps s WHERE (SELECT count(*) FROM runs_written) >= 0 -- after the runs: steps reference them
),
deliveries_written AS (
  INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, next_attempt_at, last_attempt_at,
                          last_status_code, last_error, subject_completed_at, created_at, updated_at, succeeded_at, redeliver_requested, version)
  SELECT d.id, d.kind, d.subject_id, d.url, d.host, d.payload, CASE WHEN a.result = 'succeeded' THEN 'succeeded' ELSE 'dead_lettered' END,
         a.attempt_count, NULL, a.started, a.status_code, a.error, d.scheduled, d.scheduled, a.finished,
         CASE WHEN a.result = 'succeeded' THEN a.finished END, false, 1 + a.attempt_count
    FROM deliveries d JOIN last_attempts a ON a.i = d.i AND a.ord = d.ord
),
attempts_written AS (
  INSERT INTO delivery_attempts (delivery_id, number, started_at, finished_at, duration_ms, status_code, error, response_headers, outcome, measured_from)
  SELECT o.id, o.n, o.started, o.finished, o.duration, o.status_code, o.error, o.response_headers, o.result, d.scheduled
    FROM outcomes o JOIN deliveries d ON d.i = o.i AND d.ord = o.ord
),
bodies_written AS (
  INSERT INTO response_bodies (delivery_id, attempt, body, recorded_at) SELECT id, n, body, finished FROM outcomes
),
later AS (INSERT INTO history_later_events SELECT * FROM ev WHERE $8::timestamptz IS NOT NULL AND at >= $8::timestamptz),
now_due AS (DELETE FROM history_later_events WHERE $8::timestamptz IS NULL OR at < $8::timestamptz RETURNING *)
-- recorded_at as the service would have written it: each event inserted when it occurred, in that order
INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at, recorded_at)
SELECT stream_id, stream_type, version, type, ${schemaVersionCase}, data, at, at
  FROM (SELECT * FROM ev WHERE $8::timestamptz IS NULL OR at < $8::timestamptz UNION ALL SELECT * FROM now_due) e
 ORDER BY at, i, ord`;
}

/**
 * Writes `units` past jobs ending at `endAt` (epoch ms) and spread over `spanDays` before it, `chunk` units per
 * statement. `query(sql, params)` runs on one session (the helpers are temporary). `schemaVersionOf(type)`: the
 * version each event type is written at (the service's EVENT_SCHEMAS). Answers what it wrote and how long it took.
 */
export async function loadHistory(query, { units, endAt, spanDays = 60, chunk = 250_000, schemaVersionOf, log = () => undefined }) {
  const spanMs = spanDays * 86_400_000;
  const t0 = endAt - spanMs;
  const stepMs = spanMs / Math.max(units, 1);
  const versions = EVENT_TYPES.map((type) => `WHEN '${type}' THEN ${Number(schemaVersionOf(type))}`).join(' ');
  const statement = chunkStatement(`(CASE type ${versions} END)::smallint`);
  const stepHost = new URL(HISTORY_STEP_WEBHOOK).host;
  for (const sql of HELPERS_SQL) await query(sql);
  await query(`CREATE TEMP TABLE history_later_events (at timestamptz, i bigint, ord int, stream_id text, stream_type text, version int, type text, data jsonb)`);
  const started = Date.now();
  for (let first = 0; first < units; first += chunk) {
    const end = Math.min(units, first + chunk);
    // The same float product as the SQL's floor(i * $4): the next chunk's first creation, exactly.
    const nextStarts = end < units ? new Date(t0 + Math.floor(end * stepMs)) : null;
    const chunkStarted = Date.now();
    await query(statement, [first, end, t0, stepMs, endAt - DEAD_LETTER_SPAN_MS, HISTORY_STEP_WEBHOOK, stepHost, nextStarts]);
    log(`  units ${first}–${end - 1} written in ${((Date.now() - chunkStarted) / 1000).toFixed(1)} s`);
  }
  await query('DROP TABLE history_later_events');
  for (const name of ['rnd(bigint, bigint, bigint)', 'uid(text, bigint, bigint)', 'iso(timestamptz)', 'http_date(timestamptz)']) await query(`DROP FUNCTION pg_temp.${name}`);
  return { units, ms: Date.now() - started, from: new Date(t0), to: new Date(endAt) };
}
