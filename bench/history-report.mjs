// What the history mode prints: how long loading took, bytes per job by table and the size retention would hold
// the database at, the service's first answers about the history, and each N's loops as ratios to N = 0.
import { ratios } from './report.mjs';

const DEFAULT_RETENTION_DAYS = 30; // RETENTION's default (issue 24)
const DEFAULT_RESPONSE_BODY_RETENTION_DAYS = 7; // RESPONSE_BODY_RETENTION's default
const EXAMPLE_JOBS_PER_DAY = [100_000, 1_000_000, 5_760_000]; // the last: 100 deliveries/s at this mix's 1.5 deliveries a job

export function printHistoryLoad(history) {
  const { units, timing, from, to } = history;
  console.log('');
  console.log(`== history: ${units.toLocaleString('en')} past jobs (4 in 5 jobs, 1 in 5 runs with 2–3 steps) from ${from.toISOString()} to ${to.toISOString()}`);
  if (units === 0) return;
  console.log(`loaded in ${timing.total_s} s: rows and events ${timing.load_s} s, indexes ${timing.indexes_s} s, vacuum + analyze + checkpoint ${timing.vacuum_s} s`);
  console.log(`load rate: ${timing.jobs_per_second.toLocaleString('en')} jobs/s, ${Math.round(timing.events / timing.total_s).toLocaleString('en')} events/s (${timing.events.toLocaleString('en')} events)`);
  printBytesPerJob(history);
}

/** Bytes per loaded job by table (heap + TOAST + indexes), and the steady state under retention. */
function printBytesPerJob({ units, sizes }) {
  const per = (bytes) => Math.round(bytes / units);
  console.log('bytes per job (pg_total_relation_size ÷ jobs loaded):');
  for (const { table, total, indexes, toast } of sizes) {
    console.log(`  ${table.padEnd(18)} ${String(per(total)).padStart(6)}   (of which indexes ${per(indexes)}, TOAST ${per(toast)})`);
  }
  const all = sizes.reduce((sum, row) => sum + row.total, 0);
  const bodies = sizes.find((row) => row.table === 'response_bodies')?.total ?? 0;
  const kept = per(all - bodies);
  const perBody = per(bodies);
  console.log(`  ${'all'.padEnd(18)} ${String(per(all)).padStart(6)}`);
  console.log(`steady state under retention: ${kept} B × jobs/day × RETENTION days + ${perBody} B × jobs/day × RESPONSE_BODY_RETENTION days`);
  for (const perDay of EXAMPLE_JOBS_PER_DAY) {
    const history = kept * perDay * DEFAULT_RETENTION_DAYS;
    const answers = perBody * perDay * DEFAULT_RESPONSE_BODY_RETENTION_DAYS;
    console.log(`  ${perDay.toLocaleString('en').padStart(9)} jobs/day, ${DEFAULT_RETENTION_DAYS}d / ${DEFAULT_RESPONSE_BODY_RETENTION_DAYS}d: ${gb(history + answers)} GB (${gb(history)} + ${gb(answers)} response bodies)`);
  }
}

export function printHistoryChecks(checks) {
  console.log(`service's first answers about it: ${checks.map(({ path, ms }) => `${path} ${ms} ms`).join('; ')}`);
}

/** Each N's closed and open loop ÷ N = 0's (the first 0 in the list), measured in this invocation. */
export function historyRatios(byUnits) {
  const zero = byUnits.find((entry) => entry.units === 0);
  if (!zero) return [];
  return byUnits.filter((entry) => entry !== zero).map((entry) => ({
    units: entry.units,
    closed: ratios(entry.closed, zero.closed),
    open: entry.open && zero.open ? ratios(entry.open, zero.open) : null,
  }));
}

export function printHistoryRatios(rows) {
  console.log('');
  console.log('== history N ÷ N = 0 (same run, same machine; issue 24: deliveries/s >= 0.9x and receipt p99 <= 1.2x at 5,000,000)');
  for (const { units, closed, open } of rows) {
    console.log(`N=${units.toLocaleString('en')}:`);
    console.log(`  closed loop: deliveries/s ${closed.deliveries_per_second}x, receipt p99 ${closed.receipt_p99}x, completion API p99 ${closed.completion_api_p99}x; CPU per delivery: service ${closed.service_cpu_per_delivery}x, database ${closed.database_cpu_per_delivery}x`);
    if (open) console.log(`  open loop:   receipt p99 ${open.receipt_p99}x, completion API p99 ${open.completion_api_p99}x; CPU per delivery: service ${open.service_cpu_per_delivery}x, database ${open.database_cpu_per_delivery}x`);
  }
}

function gb(bytes) {
  return Math.round(bytes / 1e8) / 10;
}
