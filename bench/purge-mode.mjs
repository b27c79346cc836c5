// The benchmark's purge mode (`--history N --purge-while-measuring`, issue 24 item 2: purging never hurts the live
// path). N past jobs are loaded once (bench/history-mode.mjs); then, each round, the usual closed and open loop run on
// that history twice: with RETENTION=forever, and with a RETENTION that makes the service purge a further slice of
// it while the loop runs. A purge deletes history, so each purging loop gets a slice of its own: the remaining
// purgeable span divided among the purging loops still to come, so every one of them has history left to purge.
import pg from 'pg';
import { prepareHistory } from './history-mode.mjs';
import { printHistoryLoad } from './history-report.mjs';
import { purgeDuringLoop, printPurgeDuringLoop, printPurgeRatios, purgeRatios, readPurgeMetrics } from './purge-report.mjs';
import { printFigures } from './report.mjs';

/** The newest day of the history is never purged: the slices stop a day before the history's end. */
const KEEP_MS = 86_400_000;
/** With nothing more to purge the walk looks again this often (RETENTION_INTERVAL), not after the default minute. */
const PURGE_INTERVAL = '1s';

export async function runPurgeMode({ units, rounds, database, runScenario, openRate }) {
  await database.recreate();
  const history = await prepareHistory(database.url, units);
  printHistoryLoad(history);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const finishedBefore = async (cutoff) =>
    Number((await db.query(`SELECT (SELECT count(*) FROM jobs WHERE completed_at < $1) + (SELECT count(*) FROM runs WHERE completed_at < $1) AS n`, [cutoff])).rows[0].n);
  const oldestFinished = async () =>
    (await db.query(`SELECT least((SELECT min(completed_at) FROM jobs), (SELECT min(completed_at) FROM runs)) AS at`)).rows[0].at;

  let purgingLoopsLeft = 2 * rounds;
  /** One loop (closed or open) whose service purges the next slice: the slice chosen, then counted before and after. */
  const purgingLoop = async (label, rate) => {
    const from = await oldestFinished();
    const limit = history.to.getTime() - KEEP_MS;
    const cutoff = new Date(from.getTime() + (limit - from.getTime()) / purgingLoopsLeft--);
    const retentionMs = Date.now() - cutoff.getTime();
    const purgeableBefore = await finishedBefore(cutoff);
    const samples = {};
    const figures = await runScenario('service', 0, {
      databaseUrl: database.url,
      rate,
      serviceEnv: { RETENTION: `${retentionMs}ms`, RETENTION_INTERVAL: PURGE_INTERVAL },
      atLoopStart: async (services) => (samples.start = { at: Date.now(), metrics: await readPurgeMetrics(services) }),
      atLoopEnd: async (services) => {
        samples.end = { at: Date.now(), metrics: await readPurgeMetrics(services) };
        // still purgeable when the loop ended (the cutoff moves with the clock: within a second of history of the service's)
        samples.leftAtEnd = await finishedBefore(new Date(samples.end.at - retentionMs));
      },
    });
    const purgeableAfter = await finishedBefore(cutoff);
    figures.purge = purgeDuringLoop({
      retentionMs, cutoff, from, purgeableBefore, purgeableAfter, leftAtLoopEnd: samples.leftAtEnd, start: samples.start, end: samples.end,
    });
    printFigures(label, figures);
    printPurgeDuringLoop(figures.purge);
    return figures;
  };
  const foreverLoop = async (label, rate) => {
    const figures = await runScenario('service', 0, { databaseUrl: database.url, rate, serviceEnv: { RETENTION: 'forever' } });
    printFigures(label, figures);
    return figures;
  };
  const both = (loop) => async (label) => ({
    closed: await loop(`${label}, closed loop`, 0),
    open: await loop(`${label}, open loop at ${openRate}/s`, openRate),
  });

  const run = { units, load: history.timing, sizes: history.sizes, rounds: [] };
  try {
    for (let round = 1; round <= rounds; round++) {
      const label = `round ${round}/${rounds}, service on ${units.toLocaleString('en')} past jobs`;
      const still = both(foreverLoop);
      const purging = both(purgingLoop);
      // Odd rounds measure without the purge first, even ones with it first: drift of the machine cancels out.
      const quiet = round % 2 ? await still(`${label}, RETENTION=forever`) : undefined;
      const purged = await purging(`${label}, purging`);
      run.rounds.push({ forever: quiet ?? (await still(`${label}, RETENTION=forever`)), purging: purged });
    }
  } finally {
    await db.end();
  }
  run.ratios = purgeRatios(run.rounds);
  printPurgeRatios(run);
  const lost = run.rounds.flatMap(({ forever, purging }) => [forever.closed, forever.open, purging.closed, purging.open])
    .reduce((sum, figures) => sum + figures.deliveries_lost, 0);
  return { ...run, lost };
}
