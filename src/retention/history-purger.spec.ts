import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { loadAppConfig } from '../platform/config/load-app-config';
import { MetricsRegistry } from '../platform/metrics/metrics-registry';
import { HistoryPurger, REST_PER_WORK } from './history-purger';
import type { FinishedPurge, PurgeTransactions } from './persistence/purge-transactions';

/** Purges that take `ms` each and purge one root, so the page-duration histogram has something to time. */
function slowPurges(ms: number, more = false): PurgeTransactions {
  const page: FinishedPurge = { next: more ? { completedAt: new Date(0), id: 'job-1' } : null, roots: 1, steps: 0, deliveries: 1, events: 4 };
  return {
    purgeFinished: () => new Promise((done) => setTimeout(() => done(page), ms)),
    purgeResponseBodies: async () => 0,
  } as unknown as PurgeTransactions;
}

// Fake timers (Date, setTimeout and the hrtime prom-client times with): a page takes exactly its `ms`, however
// loaded the machine running the spec is.
describe('HistoryPurger', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Runs a pass to its end, moving the fake clock along as its pages wait. */
  async function passOf(purger: HistoryPurger): Promise<number> {
    const pass = purger.pass();
    await jest.runAllTimersAsync();
    return pass;
  }

  it('times each page transaction on callback_retention_page_duration_seconds, by table', async () => {
    const registry = new MetricsRegistry();
    const purger = new HistoryPurger(loadAppConfig({ RETENTION: '30d', RESPONSE_BODY_RETENTION: 'forever' }), slowPurges(30), registry);

    await passOf(purger);

    const text = await registry.metrics();
    const read = (series: string) => Number(new RegExp(`^callback_retention_page_duration_seconds_${series} (\\S+)$`, 'm').exec(text)?.[1]);
    for (const table of ['jobs', 'runs']) {
      expect(read(`count{what="${table}"}`)).toBe(1);
      expect(read(`sum{what="${table}"}`)).toBeCloseTo(0.03, 6);
      expect(read(`bucket{le="0.025",what="${table}"}`)).toBe(0);
      expect(read(`bucket{le="0.05",what="${table}"}`)).toBe(1);
    }
  });

  it('rests four times as long as a pass took while more waits (a fifth of the time at most), RETENTION_INTERVAL once caught up', async () => {
    const config = loadAppConfig({ RETENTION: '30d', RESPONSE_BODY_RETENTION: 'forever', RETENTION_INTERVAL: '1m' });
    expect(await passOf(new HistoryPurger(config, slowPurges(30, true), new MetricsRegistry()))).toBe(REST_PER_WORK * 60); // two pages (jobs, runs) of 30 ms
    expect(await passOf(new HistoryPurger(config, slowPurges(1), new MetricsRegistry()))).toBe(60_000);
  });
});
