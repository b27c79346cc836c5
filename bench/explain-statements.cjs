// A diagnostic preload for a service process (not for measured runs): records every statement the service sends,
// and the 1st and 200th time a statement text is sent, first runs EXPLAIN (ANALYZE, BUFFERS) of it with the same
// parameters on a connection of its own, in a transaction it rolls back (so the plan is of the real statement,
// with real parameters, on the real data, and writes nothing). A named (prepared) statement is also explained as
// its generic plan, which is what PostgreSQL may use for it after five runs.
//   BENCH_SERVICE_NODE_ARGS="--require ./bench/explain-statements.cjs" EXPLAIN_STATEMENTS_FILE=/tmp/plans.jsonl \
//     node bench/bench.mjs --history 1000000 --n 4000
// Writes one JSON line per plan, and each text's count when the process exits; bench/history-plans.mjs reads them.
const { appendFileSync } = require('node:fs');
const pg = require('pg');
const { prepareValue } = require('pg/lib/utils');

const file = process.env.EXPLAIN_STATEMENTS_FILE;
const EXPLAIN_AT = new Set([1, 200]);
/** Statements on the service's tables; never one taking a session-level advisory lock (a rollback keeps those). */
const EXPLAINED = /\b(events|jobs|runs|steps|deliveries|delivery_attempts|delivery_leases|response_bodies|endpoints|endpoint_cursors|operations)\b/;
const SESSION_LOCK = /pg_(try_)?advisory_lock|pg_advisory_unlock|migrations/;
const counts = new Map();
const original = pg.Client.prototype.query;
let explainer; // one connection of its own
let queue = Promise.resolve();

if (file) {
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : config && typeof config.text === 'string' && typeof config.submit !== 'function' ? config.text : undefined;
    if (text === undefined || this === explainer || /^\s*(BEGIN|COMMIT|ROLLBACK|START|SET|SAVEPOINT|RELEASE|SHOW|SELECT version|LISTEN)/i.test(text)) {
      return original.call(this, config, values, callback);
    }
    const count = (counts.get(text) ?? 0) + 1;
    counts.set(text, count);
    if (!EXPLAIN_AT.has(count) || text.includes(';') || !EXPLAINED.test(text) || SESSION_LOCK.test(text)) return original.call(this, config, values, callback);
    const params = typeof config === 'string' ? (typeof values === 'function' ? [] : values) : config.values;
    const named = typeof config === 'object' && Boolean(config.name);
    const explained = (queue = queue.then(() => explain(this, text, params ?? [], named, count)).catch(() => undefined));
    if (typeof callback === 'function' || typeof values === 'function') {
      explained.then(() => original.call(this, config, values, callback));
      return undefined;
    }
    return explained.then(() => original.call(this, config, values));
  };
  process.on('exit', () => {
    for (const [text, count] of counts) appendFileSync(file, `${JSON.stringify({ count, sql: text })}\n`);
  });
}

async function explain(client, text, params, named, occurrence) {
  explainer ??= await connect(client);
  const run = async (sql, args) => (await original.call(explainer, sql, args)).rows.map((row) => row['QUERY PLAN']).join('\n');
  const entry = { occurrence, sql: text, params };
  try {
    await original.call(explainer, 'BEGIN');
    entry.plan = await run(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    if (named) {
      await original.call(explainer, 'ROLLBACK');
      await original.call(explainer, 'BEGIN');
      await original.call(explainer, `SET LOCAL plan_cache_mode = force_generic_plan`);
      await original.call(explainer, `PREPARE explained AS ${text}`);
      // EXPLAIN EXECUTE takes no bind parameters: the values go in as literals, typed by the prepared statement.
      const literals = params.map((value) => (value === null || value === undefined ? 'NULL' : explainer.escapeLiteral(String(prepareValue(value)))));
      entry.genericPlan = await run(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE explained(${literals.join(', ')})`);
    }
  } catch (error) {
    entry.error = String(error.message ?? error);
  } finally {
    await original.call(explainer, 'ROLLBACK').catch(() => undefined);
    await original.call(explainer, 'DEALLOCATE ALL').catch(() => undefined);
  }
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

async function connect(client) {
  const { user, password, host, port, database } = client.connectionParameters;
  const own = new pg.Client({ user, password, host, port, database });
  explainer = own;
  await own.connect();
  return own;
}
