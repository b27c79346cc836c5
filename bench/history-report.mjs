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

/** Each round's loops on the history ÷ the same round's on the empty database. */
export function historyRatios(rounds) {
  return rounds.map(({ empty, loaded }) => ({ closed: ratios(loaded.closed, empty.closed), open: ratios(loaded.open, empty.open) }));
}

/** Every round's ratios, then their range. */
export function printHistoryRatios({ units, ratios: rounds }) {
  const line = (r) =>
    `deliveries/s ${r.deliveries_per_second}x, receipt p99 ${r.receipt_p99}x, completion API p99 ${r.completion_api_p99}x; CPU per delivery: service ${r.service_cpu_per_delivery}x, database ${r.database_cpu_per_delivery}x`;
  console.log('');
  console.log(`== ${units.toLocaleString('en')} past jobs ÷ an empty database (same rounds, same machine; issue 24: deliveries/s >= 0.9x and receipt p99 <= 1.2x at 5,000,000)`);
  rounds.forEach(({ closed, open }, k) => {
    console.log(`round ${k + 1}: closed loop ${line(closed)}`);
    console.log(`         open loop   ${line(open)}`);
  });
  const range = (pick) => {
    const values = rounds.map(pick).filter((value) => value !== null);
    return values.length ? `${Math.min(...values)}–${Math.max(...values)}x` : 'n/a';
  };
  console.log(`range: closed deliveries/s ${range((r) => r.closed.deliveries_per_second)}, closed receipt p99 ${range((r) => r.closed.receipt_p99)}, closed API p99 ${range((r) => r.closed.completion_api_p99)};`);
  console.log(`       open receipt p99 ${range((r) => r.open.receipt_p99)}, open API p99 ${range((r) => r.open.completion_api_p99)}`);
}

function gb(bytes) {
  return Math.round(bytes / 1e8) / 10;
}
