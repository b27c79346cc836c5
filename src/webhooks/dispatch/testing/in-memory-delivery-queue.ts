import { randomUUID } from 'node:crypto';
import type { DeliveryKind, DeliveryStatus } from '../../domain/delivery-kind';
import { DeliveryQueue, type AttemptOutcomeRecord, type ClaimedDelivery, type DueClaim } from '../delivery-queue';

/** A delivery as the queue holds it; times are milliseconds on the queue's clock. */
export interface QueuedDelivery {
  id: string;
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  destinationHost: string;
  payload: string;
  subjectCompletedAt: Date;
  status: DeliveryStatus;
  attemptCount: number;
  leaseToken: string | null;
  /** Due from then on (a lease's end while leased); null when nothing more is planned. */
  nextAttemptAt: number | null;
}

/**
 * The DeliveryQueue in memory, for unit specs of the dispatcher. It keeps the SQL adapter's rules (which
 * test/webhooks/delivery-queue.int-spec.ts checks on PostgreSQL): due means the next attempt is at or before now,
 * a claim leases a due delivery (the lease's end becomes its next attempt, so an expired lease is due again),
 * at most `perHostLimit` per host counting `busyHosts`; a result or release under a lost lease changes nothing.
 * Its clock moves only when a spec says so (`advance`), so a lease expires exactly when a spec wants it to.
 */
export class InMemoryDeliveryQueue extends DeliveryQueue {
  readonly rows = new Map<string, QueuedDelivery>();
  /** Every result written (under a lease still held), in order. */
  readonly recorded: AttemptOutcomeRecord[] = [];
  /** The claims made by `claimDue` and `claimById`, by kind, for specs that count round trips. */
  readonly claims = { due: 0, byId: 0 };
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Adds a committed delivery, due now: a completion's (attempt 1) or, with `attemptCount`, a retry's. */
  add(host: string, fields: Partial<QueuedDelivery> = {}): string {
    const id = fields.id ?? `dlv-${randomUUID()}`;
    this.rows.set(id, {
      id, kind: 'job', subjectId: `job-${randomUUID()}`, url: `http://${host}/hook`, destinationHost: host, payload: `{"delivery":"${id}"}`,
      subjectCompletedAt: new Date(this.now()), status: 'pending', attemptCount: 0, leaseToken: null, nextAttemptAt: this.now(),
      ...fields,
    });
    return id;
  }

  /** Adds a delivery committed already leased to the committing process (attempt 1 under `leaseMs`), as the outbox writes it. */
  addLeased(host: string, leaseMs: number): ClaimedDelivery {
    return this.lease(this.rows.get(this.add(host))!, leaseMs);
  }

  row(id: string): QueuedDelivery {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no delivery ${id}`);
    return row;
  }

  async claimDue({ limit, leaseMs, perHostLimit, busyHosts }: DueClaim): Promise<ClaimedDelivery[]> {
    this.claims.due++;
    const taken = new Map<string, number>();
    const chosen: QueuedDelivery[] = [];
    const candidates = this.due().filter((row) => (busyHosts[row.destinationHost] ?? 0) < perHostLimit);
    for (const row of candidates.slice(0, Math.min(4 * limit, 1000))) {
      if (chosen.length === limit) break;
      const host = row.destinationHost;
      const onHost = (busyHosts[host] ?? 0) + (taken.get(host) ?? 0);
      if (onHost >= perHostLimit) continue;
      taken.set(host, (taken.get(host) ?? 0) + 1);
      chosen.push(row);
    }
    return chosen.map((row) => this.lease(row, leaseMs));
  }

  async claimById(id: string, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    this.claims.byId++;
    const row = this.rows.get(id);
    return row && this.isDue(row) ? this.lease(row, leaseMs) : undefined;
  }

  async releaseUntried(deliveries: readonly ClaimedDelivery[], delayMs: number): Promise<void> {
    for (const delivery of deliveries) {
      const row = this.rows.get(delivery.id);
      if (!row || row.leaseToken !== delivery.leaseToken) continue;
      row.attemptCount--;
      row.status = row.attemptCount === 0 ? 'pending' : 'retrying';
      row.leaseToken = null;
      row.nextAttemptAt = this.now() + delayMs;
    }
  }

  async recordAttempts(outcomes: AttemptOutcomeRecord[]): Promise<Set<string>> {
    const held = new Set<string>();
    for (const outcome of outcomes) {
      const row = this.rows.get(outcome.delivery.id);
      if (!row || row.leaseToken !== outcome.delivery.leaseToken) continue;
      const { status, nextAttemptAt } = outcome.verdict;
      row.status = status === 'succeeded' ? 'succeeded' : nextAttemptAt ? 'retrying' : 'dead_lettered';
      row.leaseToken = null;
      row.nextAttemptAt = outcome.verdict.nextAttemptAt?.getTime() ?? null;
      this.recorded.push(outcome);
      held.add(row.id);
    }
    return held;
  }

  private due(): QueuedDelivery[] {
    return [...this.rows.values()].filter((row) => this.isDue(row)).sort((a, b) => a.nextAttemptAt! - b.nextAttemptAt!);
  }

  private isDue(row: QueuedDelivery): boolean {
    return row.nextAttemptAt !== null && row.nextAttemptAt <= this.now();
  }

  async circuitWaitMs(): Promise<number> {
    return 0; // callbacks only here: no endpoint, no circuit
  }

  async recordCircuit(): Promise<void> {}

  async takeRateSlot(): Promise<boolean> {
    return true; // the deliveries these specs queue are callbacks: no endpoint, no limit
  }

  private lease(row: QueuedDelivery, leaseMs: number): ClaimedDelivery {
    row.status = 'delivering';
    row.attemptCount++;
    row.leaseToken = randomUUID();
    row.nextAttemptAt = this.now() + leaseMs;
    const { id, kind, subjectId, url, destinationHost, payload, attemptCount, leaseToken, subjectCompletedAt } = row;
    return { id, kind, subjectId, url, destinationHost, payload, attemptCount, leaseToken, subjectCompletedAt, endpointId: null, retrySchedule: null, rateLimit: null };
  }
}
