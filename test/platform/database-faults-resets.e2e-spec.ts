import { expect, it } from '@jest/globals';
import { EVENT_APPEND_LOCK } from '../../src/platform/event-store/event-append-lock';
import { describeFaultsUnderLoad, FAULT_MS } from '../support/database-faults-under-load';

/** Faults between the service and PostgreSQL that break connections (the slow and silent ones are in database-faults-stalls). */
describeFaultsUnderLoad('faults between the service and PostgreSQL, under load: partitions, resets, refusals, torn messages', (faults) => {
  it('a connection partitioned right after it took the event feed\'s lock: 503s, never a 500, and the lock is freed', async () => {
    const { answers, recoveryMs } = await faults.underLoad('lock holder partitioned', async () => {
      await Promise.race([
        faults.proxy.silenceConnectionAfter(`pg_advisory_xact_lock(${EVENT_APPEND_LOCK})`), // the feed's exclusive lock; appends take it shared
        faults.faultFor(FAULT_MS).then(() => Promise.reject(new Error('no connection took the feed lock: is the feed being read?'))),
      ]);
      await faults.faultFor(FAULT_MS);
    });
    faults.expectWithinContract(answers, recoveryMs);
  });

  it('every connection reset (RST) every 200 ms: 503s, never a 500', async () => {
    const resetBefore = faults.proxy.stats.reset;
    const { answers, recoveryMs } = await faults.underLoad('resets', async () => {
      for (const until = Date.now() + FAULT_MS; Date.now() < until; ) {
        faults.proxy.reset();
        await faults.faultFor(200);
      }
    });
    faults.expectWithinContract(answers, recoveryMs);
    expect(faults.proxy.stats.reset).toBeGreaterThan(resetBefore);
  });

  it('new connections refused and the open ones reset: 503s, never a 500', async () => {
    const resetBefore = faults.proxy.stats.reset;
    const { answers, recoveryMs } = await faults.underLoad('refused', async () => {
      faults.proxy.refuseNewConnections();
      faults.proxy.reset();
      await faults.faultFor(FAULT_MS);
    });
    faults.expectWithinContract(answers, recoveryMs);
    expect(faults.proxy.stats.reset).toBeGreaterThan(resetBefore);
  });

  it('connections cut mid-message after 1500 bytes: 503s, never a 500', async () => {
    const resetBefore = faults.proxy.stats.reset;
    const { answers, recoveryMs } = await faults.underLoad('torn messages', async () => {
      faults.proxy.dropAfterBytes(1500);
      await faults.faultFor(FAULT_MS);
    });
    faults.expectWithinContract(answers, recoveryMs);
    expect(faults.proxy.stats.reset).toBeGreaterThan(resetBefore);
  });
});
