import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';
import type { DeliveryKind } from '../domain/delivery-kind';
import { judgeAttempt } from '../domain/retry-policy';
import { WebhookSender } from '../http/webhook-sender';
import { DeliveryMetrics } from '../observability/delivery-metrics';
import { DeliveryPolicy } from '../outbox/delivery-policy';
import { DeliveryRepository, type ClaimedDelivery, type ClaimRequest } from '../persistence/delivery.repository';
import { AttemptRecorder } from './attempt-recorder';
import { reportAttempt } from './attempt-report';
import { DispatchSchedule, type PollPass } from './dispatch-schedule';

/** How long a delivery whose host is at its concurrency limit waits before it is offered again. */
const HOST_BUSY_DELAY_MS = 200;

/** A delivery row that committed together with its subject's completion. */
export interface CommittedDelivery {
  deliveryId: string;
  kind: DeliveryKind;
  subjectId: string;
  destinationHost: string;
}

export interface Reservation {
  token: string;
  leaseMs: number;
  cancel: () => void;
}

/**
 * Attempts deliveries with bounded concurrency (global and per destination host). Three ways in:
 * a delivery reserved while its completion commits and started right after (no query at all),
 * `dispatchCommitted` claiming a committed row written pending, and a poll of the table for retries, crash
 * leftovers and anything the fast paths skipped (the guarantee). What to start when is decided by
 * DispatchSchedule; this class does the I/O (claims, attempts, timers).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly schedule: DispatchSchedule;
  private readonly recorder: AttemptRecorder;
  private readonly reserved = new Map<string, ClaimedDelivery>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly releases = new Set<Promise<void>>();
  /** One controller per attempt in flight, aborted at shutdown: one shared signal would gather a listener per attempt. */
  private readonly interrupts = new Set<AbortController>();
  private readonly leaseMs: number;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the poll loop last completed a pass; readiness reports a stalled dispatcher from it. */
  lastPollAt: Date | undefined;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly sender: WebhookSender,
    private readonly metrics: DeliveryMetrics,
    private readonly policy: DeliveryPolicy,
    private readonly config: AppConfig,
  ) {
    // A lease outlives the longest request by the margin before another replica may take the delivery over.
    this.leaseMs = Math.max(config.callbackTimeoutMs, config.stepWebhookTimeoutMs) + config.deliveryLeaseMarginMs;
    this.schedule = new DispatchSchedule(config.webhookConcurrency, config.webhookPerHostConcurrency);
    this.recorder = new AttemptRecorder(deliveries);
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
    // Claims and reservations under way may still add attempts: wait until none are left.
    while ((this.attempts.size > 0 || this.reserved.size > 0 || this.schedule.isPolling) && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.attempts]), new Promise((done) => setTimeout(done, 20))]);
    }
    if (this.attempts.size > 0) {
      this.logger.warn(`shutdown: interrupting ${this.attempts.size} attempts; their deliveries are released for retry`);
      for (const interrupt of this.interrupts) interrupt.abort();
      await Promise.allSettled([...this.attempts]);
    }
    await Promise.allSettled([...this.releases]);
  }

  /**
   * Called inside the unit of work that completes the subject: takes a slot now so the delivery row can be
   * written already leased to this process. Undefined when there is no room (the row is written pending).
   * Keyed by the delivery's own id: concurrent units completing one subject each reserve their own row, and
   * only the one whose unit committed is ever started (the others are cancelled by their rollback).
   */
  reserve(delivery: Omit<ClaimedDelivery, 'attemptCount' | 'leaseToken'>): Reservation | undefined {
    if (!this.running) return undefined;
    const host = delivery.destinationHost;
    if (!this.schedule.tryReserve(host)) return undefined;
    const token = randomUUID();
    this.reserved.set(delivery.id, { ...delivery, attemptCount: 1, leaseToken: token });
    const cancel = () => {
      if (!this.reserved.delete(delivery.id)) return;
      this.schedule.giveBack(host);
    };
    return { token, leaseMs: this.leaseMs, cancel };
  }

  /**
   * After a completion committed, with the id of the delivery row that committed with it: start it if it was
   * written leased to this process, else claim it. `destinationHost` says whose backlog a pending row joins:
   * one host at its limit must not hold up the rest.
   */
  async dispatchCommitted({ deliveryId, kind, subjectId, destinationHost }: CommittedDelivery): Promise<void> {
    const reservation = this.reserved.get(deliveryId);
    if (reservation) {
      this.reserved.delete(deliveryId);
      if (this.running) this.track(reservation);
      else this.releaseUntried([reservation], 0, true);
      return;
    }
    // Otherwise the poll takes it, oldest first, when an attempt frees a slot (for any host, or for this one).
    if (!this.running || this.schedule.routeCommitted(destinationHost) === 'poll') return;
    // One delivery row per subject, and this one committed: claiming by subject claims exactly it.
    const claimed = await this.claimAndStart(1, { kind, id: subjectId });
    if (claimed.length === 0) this.schedule.committedClaimMissed(destinationHost);
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
      const claimed = pass.room > 0 ? await this.claimAndStart(pass.room) : [];
      finished = { ...pass, claimedHosts: claimed.map((delivery) => delivery.destinationHost) };
      this.lastPollAt = new Date();
    } catch (error) {
      this.logger.error(`claiming deliveries failed: ${String(error)}`);
    }
    const again = this.schedule.endPoll(finished);
    this.schedulePoll(again ? 0 : this.config.dispatcherPollIntervalMs);
  }

  /** One claim query for up to `room` due deliveries; starts what it got and returns it. */
  private async claimAndStart(room: number, subject?: ClaimRequest['subject']): Promise<ClaimedDelivery[]> {
    this.schedule.holdForClaim(room);
    let claimed: ClaimedDelivery[];
    try {
      claimed = await this.deliveries.claimDue({
        limit: room,
        leaseMs: this.leaseMs,
        perHostLimit: this.config.webhookPerHostConcurrency,
        busyHosts: this.schedule.busyHosts,
        subject,
      });
    } catch (error) {
      if (!subject) throw error;
      this.logger.error(`dispatch of ${subject.kind} ${subject.id} failed; the poll will retry it: ${String(error)}`);
      return [];
    } finally {
      this.schedule.releaseClaimHold(room);
    }
    const postponed: ClaimedDelivery[] = [];
    for (const delivery of claimed) {
      if (this.running && this.schedule.admitClaimed(delivery.destinationHost)) this.track(delivery);
      else postponed.push(delivery);
    }
    this.releaseUntried(postponed, this.running ? HOST_BUSY_DELAY_MS : 0, false);
    return claimed;
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

  private releaseUntried(deliveries: ClaimedDelivery[], delayMs: number, holdsSlots: boolean): void {
    if (deliveries.length === 0) return;
    if (holdsSlots) for (const delivery of deliveries) this.schedule.giveBack(delivery.destinationHost);
    const release = this.deliveries
      .release(deliveries, delayMs)
      .catch((error) => this.logger.error(`releasing ${deliveries.length} deliveries failed; their leases will expire: ${String(error)}`))
      .finally(() => this.releases.delete(release));
    this.releases.add(release);
  }

  private async attempt(delivery: ClaimedDelivery, exchangeOver: () => void): Promise<void> {
    try {
      const interrupt = new AbortController();
      this.interrupts.add(interrupt);
      const result = await this.sender.send(this.policy.requestFor(delivery), interrupt.signal).finally(() => this.interrupts.delete(interrupt));
      exchangeOver();
      if (result.interrupted) {
        await this.deliveries.release([delivery], 0);
        return;
      }
      const verdict = judgeAttempt(result, delivery.attemptCount, this.config.retryScheduleMs, new Date());
      const recorded = await this.recorder.record({ delivery, result, verdict });
      if (recorded) this.metrics.record(delivery, result, verdict);
      reportAttempt(this.logger, delivery, result, verdict, recorded);
    } catch (error) {
      // The lease expires and the poll (here or on another replica) tries again.
      this.logger.error(`delivery ${delivery.id} attempt ${delivery.attemptCount} could not be recorded: ${String(error)}`);
    }
  }
}
