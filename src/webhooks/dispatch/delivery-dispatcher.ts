import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import { parseRetrySchedule } from '../../platform/config/parse-duration';
import { isDeadlock } from '../../platform/database/deadlock';
import { judgeAttempt } from '../domain/retry-policy';
import { WebhookSender } from '../http/webhook-sender';
import { DeliveryMetrics } from '../observability/delivery-metrics';
import { DeliveryPolicy } from '../outbox/delivery-policy';
import { AttemptRecorder } from './attempt-recorder';
import { reportAttempt } from './attempt-report';
import { DeliveryQueue, type ClaimedDelivery } from './delivery-queue';
import { DispatchSchedule, type PollPass } from './dispatch-schedule';

/** How long a delivery whose host is at its concurrency limit waits before it is offered again. */
const HOST_BUSY_DELAY_MS = 200;
const MS_PER_SECOND = 1000;
/** Spreads the deliveries a circuit or rate limit held back over the moment they may go. */
const HOLD_JITTER_MS = 50;

/** A delivery row that committed: with its subject's completion (written `leased` to this process), or a redelivery. */
export interface CommittedDelivery {
  deliveryId: string;
  destinationHost: string;
  /** The row was written already leased under this token: it starts without a claim query. */
  leased?: ClaimedDelivery;
}

/** A lease outlives the longest request by the margin before another replica may take the delivery over. */
export function deliveryLeaseMs(config: AppConfig): number {
  return Math.max(config.callbackTimeoutMs, config.stepWebhookTimeoutMs) + config.deliveryLeaseMarginMs;
}

/**
 * Attempts deliveries with bounded concurrency (global and per destination host). Two ways in:
 * `dispatchCommitted`, handed a delivery after it committed — started at once when it was written leased to this
 * process and there is room (no query at all), else claimed by its id — and a poll of the queue for retries,
 * crash leftovers and anything the fast path left to it (the guarantee). What to start when is decided by
 * DispatchSchedule; this class does the I/O (claims, attempts, timers) through the DeliveryQueue.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly schedule: DispatchSchedule;
  private readonly recorder: AttemptRecorder;
  private readonly claims = new Set<Promise<void>>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly releases = new Set<Promise<void>>();
  /** One controller per attempt in flight, aborted at shutdown: one shared signal would gather a listener per attempt. */
  private readonly interrupts = new Set<AbortController>();
  private readonly leaseMs: number;
  private readonly endpointSchedules = new Map<string, readonly number[]>();
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the poll loop last completed a pass; readiness reports a stalled dispatcher from it. */
  lastPollAt: Date | undefined;
  /** Claim queries this replica has finished (a poll with no room makes none). */
  claimsFinished = 0;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly sender: WebhookSender,
    private readonly metrics: DeliveryMetrics,
    private readonly policy: DeliveryPolicy,
    private readonly config: AppConfig,
  ) {
    this.leaseMs = deliveryLeaseMs(config);
    this.schedule = new DispatchSchedule(config.webhookConcurrency, config.webhookPerHostConcurrency);
    this.recorder = new AttemptRecorder(queue);
  }

  get inFlight(): number {
    return this.attempts.size;
  }

  /** The first pass runs before the app reports itself started, so readiness holds from the first request. */
  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    await this.poll();
  }

  /** Stop claiming; let attempts in flight finish until SHUTDOWN_TIMEOUT_MS, then interrupt and release them. */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    const deadline = Date.now() + this.config.shutdownTimeoutMs;
    // Claims under way may still add attempts: wait until none are left.
    while ((this.attempts.size > 0 || this.claims.size > 0 || this.schedule.isPolling) && Date.now() < deadline) {
      // With only a poll under way there is nothing to await but time: an already-settled race would spin the loop
      // without ever letting the poll's I/O finish (it did, at full CPU, until the deadline).
      const underWay = [...this.attempts, ...this.claims];
      const pause = new Promise((done) => setTimeout(done, 20));
      await (underWay.length > 0 ? Promise.race([Promise.allSettled(underWay), pause]) : pause);
    }
    if (this.attempts.size > 0) {
      this.logger.warn(`shutdown: interrupting ${this.attempts.size} attempts; their deliveries are released for retry`);
      for (const interrupt of this.interrupts) interrupt.abort();
      await Promise.allSettled([...this.attempts]);
    }
    await Promise.allSettled([...this.releases]);
  }

  /**
   * After a delivery committed, with its id: start it (written leased) or claim it (a redelivery) if there is
   * room, else leave it to the poll.
   * `destinationHost` says whose backlog it joins: one host at its limit must not hold up the rest.
   */
  async dispatchCommitted({ deliveryId, destinationHost, leased }: CommittedDelivery): Promise<void> {
    if (leased) return this.startLeased(leased);
    // Otherwise the poll takes it, oldest first, when an attempt frees a slot (for any host, or for this one).
    if (!this.running || this.schedule.routeCommitted(destinationHost) === 'poll') return;
    const claim = this.claimCommitted(deliveryId, destinationHost).finally(() => this.claims.delete(claim));
    this.claims.add(claim);
    await claim;
  }

  /**
   * Many deliveries written leased to this process in one commit (a fan-out pass): those with room start now, the
   * rest go back to the table in one statement for the poll (one release each would queue on the pool).
   */
  dispatchAllLeased(deliveries: readonly ClaimedDelivery[]): void {
    const postponed: ClaimedDelivery[] = [];
    for (const delivery of deliveries) {
      if (this.running && this.schedule.admitCommitted(delivery.destinationHost)) this.track(delivery);
      else postponed.push(delivery);
    }
    this.releaseUntried(postponed, 0, () => this.pollSoon());
  }

  /** Nothing was taken for it before its commit: a slot now, or back to the table for the poll (oldest first). */
  private startLeased(delivery: ClaimedDelivery): void {
    if (this.running && this.schedule.admitCommitted(delivery.destinationHost)) return this.track(delivery);
    // A poll that ran while the row was still leased did not see it: look once more when it is back.
    this.releaseUntried([delivery], 0, () => this.pollSoon());
  }

  private async claimCommitted(id: string, host: string): Promise<void> {
    this.schedule.holdForClaim(1);
    let claimed: ClaimedDelivery | undefined;
    try {
      claimed = await this.queue.claimById(id, this.leaseMs);
    } catch (error) {
      this.logger.error(`dispatch of delivery ${id} failed; the poll will retry it: ${String(error)}`);
      this.schedule.committedClaimMissed(host);
      return;
    } finally {
      this.schedule.releaseClaimHold(1);
    }
    // Not found due and free: a poll (here or on another replica) took it first, or its redelivery waits for the
    // attempt in flight. Neither says the host has waiting rows, so no backlog is marked for it.
    if (claimed) this.start([claimed]);
  }

  private schedulePoll(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    const pass = this.schedule.beginPoll();
    if (!pass) return;
    let finished: PollPass | undefined;
    try {
      const claimed = pass.room > 0 ? await this.claimDue(pass.room) : [];
      if (pass.room > 0) this.claimsFinished += 1;
      finished = { ...pass, claimedHosts: claimed.map((delivery) => delivery.destinationHost) };
      this.lastPollAt = new Date();
    } catch (error) {
      // A claim and a command writing the same delivery can meet in a lock cycle; the command won and runs on.
      if (isDeadlock(error)) this.logger.warn('a claim gave way to a concurrent write to the same delivery (deadlock); claiming again');
      else this.logger.error(`claiming deliveries failed: ${String(error)}`);
    }
    const again = this.schedule.endPoll(finished);
    this.schedulePoll(again ? 0 : this.config.dispatcherPollIntervalMs);
  }

  /** One claim query for up to `room` due deliveries; starts what it got and returns it. */
  private async claimDue(room: number): Promise<ClaimedDelivery[]> {
    this.schedule.holdForClaim(room);
    let claimed: ClaimedDelivery[];
    try {
      claimed = await this.queue.claimDue({
        limit: room,
        leaseMs: this.leaseMs,
        perHostLimit: this.config.webhookPerHostConcurrency,
        busyHosts: this.schedule.busyHosts,
      });
    } finally {
      this.schedule.releaseClaimHold(room);
    }
    this.start(claimed);
    return claimed;
  }

  /** Starts the claimed deliveries whose host has room; gives the others back, due again shortly. */
  private start(claimed: readonly ClaimedDelivery[]): void {
    const postponed: ClaimedDelivery[] = [];
    for (const delivery of claimed) {
      if (this.running && this.schedule.admitClaimed(delivery.destinationHost)) this.track(delivery);
      else postponed.push(delivery);
    }
    this.releaseUntried(postponed, this.running ? HOST_BUSY_DELAY_MS : 0);
  }

  /** Runs one attempt in a slot already taken for it. The host's share is given back as soon as the exchange
   * is over, the global slot once the result is recorded. */
  private track(delivery: ClaimedDelivery): void {
    const host = delivery.destinationHost;
    let exchanging = true;
    const exchangeOver = () => {
      if (!exchanging) return;
      exchanging = false;
      if (this.schedule.exchangeOver(host)) this.pollSoon();
    };
    const attempt = this.attempt(delivery, exchangeOver).finally(() => {
      exchangeOver();
      this.attempts.delete(attempt);
      if (this.schedule.attemptOver()) this.pollSoon();
    });
    this.attempts.add(attempt);
  }

  /** A slot was freed that rows waiting in the table can use. */
  private pollSoon(): void {
    if (this.running && this.schedule.wantPoll()) this.schedulePoll(0);
  }

  private releaseUntried(deliveries: ClaimedDelivery[], delayMs: number, released?: () => void): void {
    if (deliveries.length === 0) return;
    const release = this.queue
      .releaseUntried(deliveries, delayMs)
      .then(released)
      .catch((error) => this.logger.error(`releasing ${deliveries.length} deliveries failed; their leases will expire: ${String(error)}`))
      .finally(() => this.releases.delete(release));
    this.releases.add(release);
  }

  private async attempt(delivery: ClaimedDelivery, exchangeOver: () => void): Promise<void> {
    try {
      const heldMs = await this.endpointHold(delivery);
      if (heldMs > 0) {
        // Back to the table untried (not an attempt) until its endpoint's circuit or rate limit lets it go.
        exchangeOver();
        await this.queue.releaseUntried([delivery], heldMs + Math.floor(Math.random() * HOLD_JITTER_MS));
        return;
      }
      const request = delivery.endpointId === null ? this.policy.requestFor(delivery) : await this.policy.attemptRequest(delivery);
      if (!request) {
        // Its endpoint was deleted after the claim: back untried (no claim takes a deleted endpoint's delivery again).
        exchangeOver();
        await this.queue.releaseUntried([delivery], MS_PER_SECOND);
        return;
      }
      const interrupt = new AbortController();
      this.interrupts.add(interrupt);
      const result = await this.sender.send(request, interrupt.signal).finally(() => this.interrupts.delete(interrupt));
      exchangeOver();
      if (result.interrupted) {
        await this.queue.releaseUntried([delivery], 0);
        return;
      }
      const verdict = judgeAttempt(result, delivery.attemptCount, this.retryScheduleOf(delivery), new Date());
      if (delivery.endpointId) {
        await this.queue.recordCircuit(delivery.endpointId, result.outcome === 'success', this.config.endpointCircuitFailures, this.config.endpointCircuitCooldownMs);
      }
      const recorded = await this.recorder.record({ delivery, result, verdict });
      if (recorded) this.metrics.record(delivery, result, verdict);
      reportAttempt(this.logger, delivery, result, verdict, recorded);
    } catch (error) {
      // The lease expires and the poll (here or on another replica) tries again.
      this.logger.error(`delivery ${delivery.id} attempt ${delivery.attemptCount} could not be recorded: ${String(error)}`);
    }
  }

  /** The endpoint's own retry delays (parsed once per distinct text), or the service's. */
  private retryScheduleOf(delivery: ClaimedDelivery): readonly number[] {
    if (!delivery.retrySchedule) return this.config.retryScheduleMs;
    let delays = this.endpointSchedules.get(delivery.retrySchedule);
    if (!delays) {
      const parsed = parseRetrySchedule(delivery.retrySchedule);
      delays = 'delaysMs' in parsed ? parsed.delaysMs : this.config.retryScheduleMs;
      if (this.endpointSchedules.size >= 1000) this.endpointSchedules.clear();
      this.endpointSchedules.set(delivery.retrySchedule, delays);
    }
    return delays;
  }

  /** How long an endpoint's delivery must wait: its circuit is open (or a probe is out), or its second's requests are taken. */
  private async endpointHold(delivery: ClaimedDelivery): Promise<number> {
    if (!delivery.endpointId) return 0;
    const circuitMs = await this.queue.circuitWaitMs(delivery.endpointId, this.leaseMs);
    if (circuitMs > 0) return circuitMs;
    if (delivery.rateLimit && !(await this.queue.takeRateSlot(delivery.endpointId, delivery.rateLimit))) return MS_PER_SECOND - (Date.now() % MS_PER_SECOND);
    return 0;
  }
}
