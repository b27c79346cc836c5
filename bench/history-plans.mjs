// node bench/history-plans.mjs /tmp/plans.jsonl > plans.md
// Summarises what bench/explain-statements.cjs recorded in a service process: each statement text the service
// sent, how often, and the plan of its 1st and 200th run (and its generic plan when it is a prepared statement),
// with the scans each plan used. A sequential scan of one of the big tables is flagged.
import { readFileSync } from 'node:fs';

const BIG_TABLES = ['events', 'jobs', 'runs', 'steps', 'deliveries', 'delivery_attempts', 'response_bodies'];

/** What each statement is, recognised by a fragment of its text (the first match names it). */
const NAMES = [
  [/WITH candidates AS[\s\S]*WHERE d\.id = \$1/, 'claim by id (DeliveryLeasesTable.claimById)'],
  [/WITH candidates AS/, 'claim (DeliveryLeasesTable.claimDue)'],
  [/DELETE FROM delivery_leases l USING unnest/, 'attempt record (unit of work: lease end, events, deliveries, attempts, bodies)'],
  [/INSERT INTO events/, 'completion commit (unit of work: events, projection rows, delivery, lease)'],
  [/UPDATE delivery_leases l SET token = NULL/, 'lease released untried'],
  [/FROM "jobs" "projection"[\s\S]*"projection"\."created_at", "projection"\."id"\) </, 'GET /v1/jobs, a later page'],
  [/FROM "jobs" "projection"/, 'GET /v1/jobs, first page'],
  [/FROM "runs" "projection"[\s\S]*"projection"\."created_at", "projection"\."id"\) </, 'GET /v1/runs, a later page'],
  [/FROM "runs" "projection"/, 'GET /v1/runs, first page'],
  [/FROM "deliveries" "delivery"[\s\S]*"delivery"\."created_at", "delivery"\."id"\) </, 'GET /v1/deliveries, a later page'],
  [/FROM "deliveries" "delivery"[\s\S]*"delivery"\."status" = /, 'GET /v1/deliveries?status=…'],
  [/FROM "deliveries" "delivery"[\s\S]*ANY\(/, 'deliveries by id (GET /v1/deliveries/:id)'],
  [/FROM "deliveries" "delivery"/, 'GET /v1/deliveries, first page'],
  [/count\(\*\) FILTER \(WHERE status = 'pending' AND NOT leased\)/, 'delivery backlog (stats, /metrics, readiness)'],
  [/date_trunc\('minute', finished_at\)/, 'stats per minute (Overview)'],
  [/coalesce\('endpoint ' \|\| endpoint_id, 'url ' \|\| url\) AS destination/, 'stats per destination (Overview)'],
  [/"event"\."type" IN \(/, 'fan-out: completions after a cursor (EventStore.readTypesBetween)'],
  [/FROM "events" "event"[\s\S]*"event"\."type" = /, 'feed page of one type (GET /v1/events?type=)'],
  [/FROM "events" "event"[\s\S]*"event"\."sequence" <= /, 'feed page (GET /v1/events)'],
  [/AS horizon FROM events/, 'feed horizon (FeedHorizon)'],
  [/FROM endpoint_cursors c JOIN endpoints e/, 'fan-out: endpoints behind the horizon'],
  [/WITH RECURSIVE search\(lo, hi\)/, 'endpoint backfill start: binary search by recorded_at (LogPositions)'],
  [/FROM events WHERE sequence >= \$2 AND occurred_at >= \$1/, 'endpoint backfill start: walk by stamp from there (LogPositions)'],
  [/SELECT id, metadata FROM (jobs|runs) WHERE id = ANY/, 'fan-out: subjects\' metadata'],
  [/2 \* \$1 \* interval '1 millisecond' AND d\.endpoint_id IS NOT NULL/, 'failing endpoints (auto-disable)'],
  [/SELECT d\.endpoint_id, a\.started_at, a\.finished_at, a\.duration_ms/, 'endpoint health'],
  [/"StoredEventRecord"/, 'a stream read (replay, GET …/events)'],
  [/FROM endpoints e JOIN deliveries delivery ON delivery\.endpoint_id = e\.id/, 'deleted endpoints sweep'],
  [/SELECT EXISTS \(SELECT 1 FROM endpoints/, 'fan-out: any endpoint enabled'],
];

const nameOf = (sql) => NAMES.find(([pattern]) => pattern.test(sql))?.[1] ?? sql.replace(/\s+/g, ' ').slice(0, 80);

/** The scans in a plan: "Seq Scan on deliveries", "Index Scan using deliveries_due on deliveries" … */
function scansOf(plan = '') {
  const scans = new Set();
  for (const match of plan.matchAll(/(Parallel )?(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)( Backward)?( using (\w+))? on (\w+)|Bitmap Index Scan on (\w+)/g)) {
    scans.add(match[7] ? `Bitmap Index Scan on ${match[7]}` : `${match[2]}${match[5] ? ` using ${match[5]}` : ''} on ${match[6]}`);
  }
  return [...scans];
}

const seqOnBig = (scans) => scans.filter((scan) => BIG_TABLES.some((table) => scan === `Seq Scan on ${table}`));
const time = (plan = '') => /Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? '?';

/** Prints the summary table, then each statement's text, parameters and plans, as Markdown. */
export function summarise(file) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const counts = new Map();
  for (const { count, sql } of lines.filter((line) => line.count !== undefined)) counts.set(sql, (counts.get(sql) ?? 0) + count);
  const plans = lines.filter((line) => line.plan !== undefined || line.error !== undefined);

  const byName = new Map();
  for (const entry of plans) {
    const name = nameOf(entry.sql);
    const group = byName.get(name) ?? { name, texts: new Set(), entries: [] };
    group.texts.add(entry.sql);
    group.entries.push(entry);
    byName.set(name, group);
  }
  const groups = [...byName.values()].map((group) => ({ ...group, count: [...group.texts].reduce((sum, sql) => sum + (counts.get(sql) ?? 0), 0) }));
  groups.sort((a, b) => b.count - a.count);

  console.log('| statement | runs | execution ms (1st / 200th) | scans | sequential scan of a big table |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const { name, count, entries } of groups) {
    const scans = [...new Set(entries.flatMap((entry) => [...scansOf(entry.plan), ...scansOf(entry.genericPlan)]))];
    const seq = seqOnBig(scans);
    const ms = entries.map((entry) => `${time(entry.plan)}${entry.genericPlan ? ` (generic ${time(entry.genericPlan)})` : ''}`).slice(0, 2).join(' / ');
    console.log(`| ${name} | ${count} | ${ms} | ${scans.join('; ')} | ${seq.length ? `**${seq.join(', ')}**` : 'none'} |`);
  }
  for (const { name, entries } of groups) {
    console.log(`\n### ${name}\n`);
    const entry = entries.find((candidate) => candidate.occurrence === 200) ?? entries[0];
    console.log('```sql');
    console.log(entry.sql.trim());
    console.log('```');
    console.log(`parameters: \`${JSON.stringify(entry.params).slice(0, 600)}\``);
    console.log('```');
    console.log(entry.error ? `EXPLAIN failed: ${entry.error}` : entry.plan);
    if (entry.genericPlan) console.log(`\n-- generic plan (plan_cache_mode = force_generic_plan):\n${entry.genericPlan}`);
    console.log('```');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) summarise(process.argv[2]);
