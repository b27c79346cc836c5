import type { DeliveryKind } from '../domain/delivery-kind';
import type { AttemptVerdict } from '../domain/retry-policy';
import type { AttemptResult } from '../http/attempt-result';

/** A delivery leased to this process for one attempt; its lease token fences the result. */
export interface ClaimedDelivery {
  id: string;
  kind: DeliveryKind;
  subjectId: string;
  url: string;
  destinationHost: string;
  payload: string;
  attemptCount: number;
  leaseToken: string;
  subjectCompletedAt: Date;
  /** The endpoint it goes to (signed with that endpoint's secrets); null for a subject's own callback. */
  endpointId: string | null;
  /** The endpoint's own retry delays (WEBHOOK_RETRY_SCHEDULE's syntax); null: the service's. */
  retrySchedule: string | null;
  /** Requests per second its endpoint takes, across all replicas; null: no limit. */
  rateLimit: number | null;
}

export interface AttemptOutcomeRecord {
  delivery: ClaimedDelivery;
  result: AttemptResult;
  verdict: AttemptVerdict;
}

export interface DueClaim {
  limit: number;
  leaseMs: number;
  perHostLimit: number;
  /** Attempts this process has in flight, per destination host. */
  busyHosts: Record<string, number>;
}

/**
 * The work queue under the dispatcher (a port: the SQL adapter is DeliveryRepository, unit specs use
 * InMemoryDeliveryQueue). A claim leases deliveries for one attempt each; a lease ends with its result recorded,
 * with a release untried, or by expiring, after which anyone may claim the delivery again.
 */
export abstract class DeliveryQueue {
  /**
   * Leases up to `limit` due deliveries (never tried, retries due, expired leases of a process that died), oldest
   * due first, at most `perHostLimit` in flight per destination host counting `busyHosts`.
   */
  abstract claimDue(request: DueClaim): Promise<ClaimedDelivery[]>;

  /** Leases delivery `id` if it is due and no one holds it (right after it committed): one row by its key. */
  abstract claimById(id: string, leaseMs: number): Promise<ClaimedDelivery | undefined>;

  /** Gives leased deliveries back untried (the attempt does not count): due again after `delayMs`. */
  abstract releaseUntried(deliveries: readonly ClaimedDelivery[], delayMs: number): Promise<void>;

  /** Takes one of `perSecond` request slots of `key` in the current second, shared by every replica; false when none is left. */
  abstract takeRateSlot(key: string, perSecond: number): Promise<boolean>;

  /** 0 when the circuit of `key` lets an attempt through now (closed, or this one is its probe); else how long to wait. */
  abstract circuitWaitMs(key: string, probeMs: number): Promise<number>;

  /** Counts an attempt's outcome against the circuit of `key`: `opensAfter` failures in a row open it for `cooldownMs`. */
  abstract recordCircuit(key: string, succeeded: boolean, opensAfter: number, cooldownMs: number): Promise<void>;

  /** Records attempt results in one write; returns the ids whose lease was still held (the others wrote nothing). */
  abstract recordAttempts(outcomes: AttemptOutcomeRecord[]): Promise<Set<string>>;
}
