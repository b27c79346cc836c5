// The benchmark's history mode (`--history 0,1000000`, issue 24): for each N, a fresh database gets N past jobs
// (bench/history-load.mjs) before the service starts on it; the service must then answer about them as about its
// own history (checkLoadedHistory), and the usual loops run against it and against an empty one (bench/bench.mjs).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { dropIndexes, rebuildIndexes } from './history-indexes.mjs';
import { loadHistory } from './history-load.mjs';
import { historyRatios, printHistoryChecks, printHistoryLoad, printHistoryRatios } from './history-report.mjs';
import { printFigures } from './report.mjs';

/** Every table the history writes: their indexes are built after the load, and their sizes are reported. */
export const HISTORY_TABLES = ['events', 'jobs', 'runs', 'steps', 'deliveries', 'delivery_attempts', 'response_bodies'];

/** `--history 0,1000000` → [0, 1000000]. */
export function parseHistorySizes(text) {
  const sizes = text.split(',').map((part) => Number(part.trim().replace(/_/g, '')));
  if (sizes.some((size) => !Number.isInteger(size) || size < 0 || size > 100_000_000)) {
    throw new Error('--history takes a comma-separated list of history sizes in jobs, each 0 to 100000000 (e.g. 0,1000000)');
  }
  return sizes;
}

/** The N = 0 side of every comparison: a database of its own, made afresh (and empty) for each round. */
const EMPTY_DATABASE = 'callback_bench_empty';

/**
 * For each N > 0: a database loaded with N past jobs, the service's answers about them checked, then `rounds`
 * rounds of bench.mjs's closed and open loop (`runScenario`) on it and on an empty database, alternating which goes
 * first, so each ratio compares runs minutes apart on the same machine. Prints every run and the ratios; answers them.
 */
export async function runHistoryMode({ sizes, rounds, database, runScenario, openRate }) {
  const loops = (url, beforeLoad) => async (label) => {
    const closed = await runScenario('service', 0, { databaseUrl: url, rate: 0, beforeLoad });
    printFigures(`${label}, closed loop`, closed);
    const open = await runScenario('service', 0, { databaseUrl: url, rate: openRate });
    printFigures(`${label}, open loop at ${openRate}/s`, open);
    return { closed, open };
  };
  const runs = [];
  for (const units of sizes.filter((size) => size > 0)) {
    await database.recreate();
    const history = await prepareHistory(database.url, units);
    printHistoryLoad(history);
    const run = { units, load: history.timing, sizes: history.sizes, checks: [], rounds: [] };
    for (let round = 1; round <= rounds; round++) {
      await database.recreate(EMPTY_DATABASE);
      await prepareHistory(database.urlOf(EMPTY_DATABASE), 0, () => undefined);
      const check = round === 1 ? async (call) => (run.checks = await checkLoadedHistory(call, history)) : undefined;
      const onEmpty = loops(database.urlOf(EMPTY_DATABASE));
      const onHistory = loops(database.url, check);
      const label = `round ${round}/${rounds}, service on`;
      // Odd rounds measure the empty database first, even ones the history first: drift of the machine cancels out.
      const empty = round % 2 ? await onEmpty(`${label} an empty database`) : undefined;
      const loaded = await onHistory(`${label} ${units.toLocaleString('en')} past jobs`);
      if (round === 1) printHistoryChecks(run.checks);
      run.rounds.push({ empty: empty ?? (await onEmpty(`${label} an empty database`)), loaded });
    }
    run.ratios = historyRatios(run.rounds);
    runs.push(run);
  }
  if (runs.length === 0) await loops(database.url)('service on an empty database (--history 0 alone: nothing to compare)');
  for (const run of runs) printHistoryRatios(run);
  const lost = runs.flatMap((run) => run.rounds.flatMap(({ empty, loaded }) => [empty.closed, empty.open, loaded.closed, loaded.open]))
    .reduce((sum, figures) => sum + figures.deliveries_lost, 0);
  return { runs, lost };
}

/**
 * Migrates the (fresh, empty) database, loads `units` past jobs ending an hour ago, builds the indexes, and leaves it
 * as a long-running database would be: vacuumed (hint bits and visibility map set, frozen), analysed, checkpointed —
 * so the loops that follow neither pay for the load's leftovers nor race autovacuum. Answers the timings and sizes.
 */
export async function prepareHistory(url, units, log = console.log) {
  if (units > 0) log(`\nloading ${units.toLocaleString('en')} past jobs into a fresh database…`);
  await migrate(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const query = async (sql, params) => (await client.query(sql, params)).rows;
  try {
    await query(`SET work_mem = '256MB'`);
    const { EVENT_SCHEMAS } = await import('../dist/event-schemas.js');
    const started = Date.now();
    const again = units > 0 ? await dropIndexes(query, HISTORY_TABLES) : [];
    const load = await loadHistory(query, { units, endAt: Date.now() - 3_600_000, schemaVersionOf: (type) => EVENT_SCHEMAS.currentVersion(type), log });
    const indexesStarted = Date.now();
    await rebuildIndexes(query, again);
    const vacuumStarted = Date.now();
    for (const table of HISTORY_TABLES) await query(`VACUUM (FREEZE, ANALYZE) ${table}`);
    await query('CHECKPOINT');
    const done = Date.now();
    const [{ events }] = await query('SELECT count(*)::int AS events FROM events');
    const timing = {
      load_s: seconds(indexesStarted - started), indexes_s: seconds(vacuumStarted - indexesStarted), vacuum_s: seconds(done - vacuumStarted),
      total_s: seconds(done - started), events, jobs_per_second: units > 0 ? Math.round(units / ((done - started) / 1000)) : null,
    };
    return { units, from: load.from, to: load.to, timing, sizes: await tableSizes(query), expected: await expectations(query) };
  } finally {
    await client.end();
  }
}

/** Bytes on disk per table (heap, TOAST and every index), after the load. */
async function tableSizes(query) {
  const rows = await query(
    `SELECT t AS "table", pg_total_relation_size(t)::bigint AS total, pg_relation_size(t)::bigint AS heap,
            pg_indexes_size(t)::bigint AS indexes, (pg_total_relation_size(t) - pg_relation_size(t) - pg_indexes_size(t))::bigint AS toast
       FROM unnest($1::regclass[]) AS t`,
    [HISTORY_TABLES],
  );
  return rows.map((row) => ({ table: String(row.table), total: Number(row.total), heap: Number(row.heap), indexes: Number(row.indexes), toast: Number(row.toast) }));
}

/** What the service should answer about the loaded history. */
async function expectations(query) {
  const [row] = await query(
    `SELECT (SELECT count(*) FROM deliveries WHERE status = 'dead_lettered')::int AS dead_letters,
            (SELECT id FROM jobs ORDER BY created_at LIMIT 1) AS oldest_job,
            (SELECT id FROM deliveries WHERE status = 'dead_lettered' ORDER BY created_at DESC LIMIT 1) AS dead_letter`,
  );
  return row;
}

/** `npm run migration:run` as built: the compiled script against `url`. */
function migrate(url) {
  return new Promise((done, fail) =>
    execFile(process.execPath, [resolve('dist/run-migrations.js')], { env: { ...process.env, DATABASE_URL: url } }, (error, _out, stderr) =>
      error ? fail(new Error(`migrations failed: ${stderr}`)) : done(),
    ),
  );
}

/**
 * Asks the running service about the history through its API (lists and their second pages, stats, the feed, an
 * old job, a dead letter), as a user would right after start-up; throws on an answer that is not sensible.
 * Answers each call's status and time: the first reads at size N.
 */
export async function checkLoadedHistory(call, history) {
  const seen = [];
  const ask = async (path, check) => {
    const started = performance.now();
    const answer = await call('GET', path);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const problem = answer.status !== 200 ? `answered ${answer.status}` : check(answer.body);
    seen.push({ path: path.replace(/cursor=[^&]+/, 'cursor=…'), ms, problem: problem || null });
    if (problem) throw new Error(`GET ${path} after loading ${history.units} jobs: ${problem}`);
    return answer.body;
  };
  const n = history.units;
  const newestFirst = (items) => items.every((item, k) => k === 0 || item.created_at <= items[k - 1].created_at);
  const page = (min) => (body) => (body.data.length < min ? `${body.data.length} items, expected ${min}` : !newestFirst(body.data) ? 'not newest first' : '');
  const jobs = await ask('/v1/jobs?limit=50', page(Math.min(50, Math.floor(n * 0.8))));
  if (jobs.next_cursor) await ask(`/v1/jobs?limit=50&cursor=${jobs.next_cursor}`, page(1));
  const runs = await ask('/v1/runs?limit=50', page(Math.min(50, Math.floor(n / 5))));
  if (runs.next_cursor) await ask(`/v1/runs?limit=50&cursor=${runs.next_cursor}`, page(1));
  const deliveries = await ask('/v1/deliveries?limit=50', page(Math.min(50, n)));
  if (deliveries.next_cursor) await ask(`/v1/deliveries?limit=50&cursor=${deliveries.next_cursor}`, page(1));
  await ask('/v1/deliveries?status=dead_lettered&limit=50', (body) => (body.data.length !== Math.min(50, history.expected.dead_letters) ? `${body.data.length} dead letters listed` : ''));
  await ask('/v1/deliveries/stats?minutes=60', (body) =>
    body.backlog.dead_letters !== history.expected.dead_letters ? `backlog counts ${body.backlog.dead_letters} dead letters, ${history.expected.dead_letters} loaded`
      : n >= 100_000 && body.minutes.length === 0 ? 'no attempts in the last hour, though the history reaches into it' : '');
  await ask('/v1/events?after=0&limit=100', (body) =>
    n === 0 ? (body.length === 0 ? '' : 'events in an empty log')
      : body[0]?.sequence !== '1' && body[0]?.sequence !== 1 ? `first event is ${JSON.stringify(body[0])}` : body[0].type !== 'JobCreated' ? `first event is a ${body[0].type}` : '');
  if (history.expected.oldest_job) {
    await ask(`/v1/jobs/${history.expected.oldest_job}`, (body) => (body.status === 'created' || body.callback_status_code === null ? `oldest job answered as ${body.status}` : ''));
    await ask(`/v1/jobs/${history.expected.oldest_job}/events`, (body) => (body.data.length !== 3 ? `${body.data.length} events` : ''));
  }
  if (history.expected.dead_letter) {
    await ask(`/v1/deliveries/${history.expected.dead_letter}`, (body) =>
      body.status !== 'dead_lettered' || body.attempts.length !== 8 || body.attempts.some((attempt) => attempt.response_body !== 'Service Unavailable')
        ? `dead letter answered as ${body.status} with ${body.attempts.length} attempts` : '');
  }
  return seen;
}

function seconds(ms) {
  return Math.round(ms / 100) / 10;
}
