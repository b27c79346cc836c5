import { Injectable } from '@nestjs/common';
import { DeliveryCircuitsTable } from './delivery-circuits.table';

/** How long this process trusts that a circuit it saw clean still is (another replica may count failures meanwhile). */
export const CLEAN_CIRCUIT_TRUSTED_MS = 1000;
/** Clean circuits remembered at most; past that the memory starts again (it only saves statements). */
const MAX_REMEMBERED = 10_000;

/**
 * The endpoints' circuit breakers as the dispatcher asks them, on DeliveryCircuitsTable: a circuit this process saw
 * clean (nothing counted, not open) within the last second is taken as still clean, so a healthy endpoint's attempt
 * asks the table nothing before its POST and writes nothing after its success. Anything else — a failure, a circuit
 * with failures counted, open, or probing — goes to the table every time, as the breaker's rules need. Another
 * replica's failures reach this one within CLEAN_CIRCUIT_TRUSTED_MS, or at its own first failure.
 */
@Injectable()
export class DeliveryCircuits {
  /** When each circuit was last seen clean, by this process's clock. */
  private readonly seenClean = new Map<string, number>();

  constructor(private readonly table: DeliveryCircuitsTable) {}

  /** 0 when an attempt may go now (closed, or it is the probe); else how long to wait. */
  async waitMs(key: string, probeMs: number): Promise<number> {
    if (this.trustedClean(key)) return 0;
    const { waitMs, clean } = await this.table.check(key, probeMs);
    this.remember(key, clean);
    return waitMs;
  }

  /** A success closes the circuit (nothing to write when it was seen clean); a failure counts, and may open it. */
  async record(key: string, succeeded: boolean, opensAfter: number, cooldownMs: number): Promise<void> {
    if (succeeded && this.trustedClean(key)) return;
    this.seenClean.delete(key); // until the table has answered: a failure counted elsewhere is not trusted clean
    await this.table.record(key, succeeded, opensAfter, cooldownMs);
    this.remember(key, succeeded);
  }

  private trustedClean(key: string): boolean {
    const seen = this.seenClean.get(key);
    return seen !== undefined && Date.now() - seen < CLEAN_CIRCUIT_TRUSTED_MS;
  }

  private remember(key: string, clean: boolean): void {
    if (!clean) {
      this.seenClean.delete(key);
      return;
    }
    if (this.seenClean.size >= MAX_REMEMBERED) this.seenClean.clear();
    this.seenClean.set(key, Date.now());
  }
}
