// What the purge mode reads from the services' /metrics (callback_retention_purged_total, and the page transactions'
// callback_retention_page_duration_seconds histogram) around each measured loop, and what it prints.
import { ratios } from './report.mjs';

const ROOTS = ['jobs', 'runs'];

/** The retention metrics of every service process, summed. */
export async function readPurgeMetrics(services) {
  const purged = { jobs: 0, runs: 0, steps: 0, deliveries: 0, events: 0 };
  const buckets = new Map(); // le → pages of jobs or runs that took at most that long, cumulative
  let pages = 0;
  let seconds = 0;
  for (const { url } of services) {
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of text.split('\n')) {
      let match = /^callback_retention_purged_total\{what="(\w+)"\} (\S+)$/.exec(line);
      if (match && match[1] in purged) purged[match[1]] += Number(match[2]);
      match = /^callback_retention_page_duration_seconds_bucket\{le="([^"]+)",what="(\w+)"\} (\S+)$/.exec(line);
      if (match && ROOTS.includes(match[2])) buckets.set(match[1], (buckets.get(match[1]) ?? 0) + Number(match[3]));
      match = /^callback_retention_page_duration_seconds_(count|sum)\{what="(\w+)"\} (\S+)$/.exec(line);
      if (match && ROOTS.includes(match[2])) match[1] === 'count' ? (pages += Number(match[3])) : (seconds += Number(match[3]));
    }
  }
  return { purged, buckets, pages, seconds };
}

/** What the purge did between the loop's start and end, and whether it still had work when the loop ended. */
export function purgeDuringLoop({ retentionMs, cutoff, from, purgeableBefore, purgeableAfter, leftAtLoopEnd, start, end }) {
  const loopSeconds = (end.at - start.at) / 1000;
  const roots = (metrics) => metrics.purged.jobs + metrics.purged.runs;
  const duringLoop = roots(end.metrics) - roots(start.metrics);
  const pages = end.metrics.pages - start.metrics.pages;
  return {
    retention: `${retentionMs}ms (${(retentionMs / 86_400_000).toFixed(2)} days)`,
    slice: { from: from.toISOString(), to: cutoff.toISOString(), jobs_and_runs: purgeableBefore },
    purged_by_the_service: purgeableBefore - purgeableAfter,
    purged_during_loop: duringLoop,
    purged_during_loop_detail: Object.fromEntries(Object.keys(end.metrics.purged).map((what) => [what, end.metrics.purged[what] - start.metrics.purged[what]])),
    loop_seconds: Math.round(loopSeconds * 10) / 10,
    purged_per_second: Math.round(duringLoop / loopSeconds),
    left_at_loop_end: leftAtLoopEnd,
    purging_throughout: leftAtLoopEnd > 0,
    pages_during_loop: pages,
    page_ms_mean: pages > 0 ? Math.round(((end.metrics.seconds - start.metrics.seconds) / pages) * 1000 * 10) / 10 : null,
    longest_page_ms: longestPage(start.metrics.buckets, end.metrics.buckets, pages),
  };
}

/** The longest page of the loop lies in (above, at_most] ms: the first histogram bucket that holds every page. */
function longestPage(before, after, pages) {
  if (pages === 0) return null;
  let above = 0;
  for (const [le, count] of after) {
    const bound = le === '+Inf' ? Infinity : Number(le) * 1000;
    if (count - (before.get(le) ?? 0) >= pages) return { above, at_most: bound === Infinity ? null : bound };
    above = bound;
  }
  return null;
}

export function printPurgeDuringLoop(p) {
  const longest = p.longest_page_ms ? `longest page transaction ${p.longest_page_ms.above}–${p.longest_page_ms.at_most ?? '∞'} ms` : 'no page';
  console.log(`purge during it:          RETENTION=${p.retention}: slice of ${p.slice.jobs_and_runs.toLocaleString('en')} jobs and runs finished ${p.slice.from} – ${p.slice.to}`);
  console.log(`                          ${p.purged_during_loop.toLocaleString('en')} jobs and runs purged during the ${p.loop_seconds} s loop (${p.purged_per_second}/s; ${p.purged_by_the_service.toLocaleString('en')} while the service ran), ` +
    `${p.purging_throughout ? `still purging at its end (${p.left_at_loop_end.toLocaleString('en')} left)` : 'THE SLICE WAS PURGED BEFORE THE LOOP ENDED'}`);
  console.log(`                          ${p.pages_during_loop} pages, mean ${p.page_ms_mean} ms, ${longest}`);
}

/** Each round's purging loops ÷ the same round's loops with RETENTION=forever. */
export function purgeRatios(rounds) {
  return rounds.map(({ forever, purging }) => ({ closed: ratios(purging.closed, forever.closed), open: ratios(purging.open, forever.open) }));
}

export function printPurgeRatios({ units, rounds, ratios: perRound }) {
  const line = (r) => `deliveries/s ${r.deliveries_per_second}x, receipt p99 ${r.receipt_p99}x, completion API p99 ${r.completion_api_p99}x`;
  const purge = (p) => `${p.purged_during_loop.toLocaleString('en')} purged in the loop (${p.purged_per_second}/s, ${p.purging_throughout ? 'throughout' : 'FINISHED EARLY'}), longest page ≤ ${p.longest_page_ms?.at_most ?? '?'} ms`;
  console.log('');
  console.log(`== purging ÷ RETENTION=forever on ${units.toLocaleString('en')} past jobs (same rounds, same machine; issue 24: the purge never hurts the live path)`);
  perRound.forEach(({ closed, open }, k) => {
    console.log(`round ${k + 1}: closed loop ${line(closed)}; ${purge(rounds[k].purging.closed.purge)}`);
    console.log(`         open loop   ${line(open)}; ${purge(rounds[k].purging.open.purge)}`);
  });
  const range = (pick) => {
    const values = perRound.map(pick).filter((value) => value !== null);
    return values.length ? `${Math.min(...values)}–${Math.max(...values)}x` : 'n/a';
  };
  console.log(`range: closed deliveries/s ${range((r) => r.closed.deliveries_per_second)}, closed receipt p99 ${range((r) => r.closed.receipt_p99)}, closed API p99 ${range((r) => r.closed.completion_api_p99)};`);
  console.log(`       open deliveries/s ${range((r) => r.open.deliveries_per_second)}, open receipt p99 ${range((r) => r.open.receipt_p99)}, open API p99 ${range((r) => r.open.completion_api_p99)}`);
}
