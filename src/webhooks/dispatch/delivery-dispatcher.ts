import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../platform/config/app-config';
import type { DeliveryKind } from '../domain/delivery-kind';
import { judgeAttempt, type AttemptVerdict } from '../domain/retry-policy';
import type { AttemptResult } from '../http/attempt-result';
import type { WebhookRequest } from '../http/webhook-request';
import { WebhookSender } from '../http/webhook-sender';
import { DeliveryMetrics } from '../observability/delivery-metrics';
import { DeliveryRepository, type ClaimedDelivery, type ClaimRequest } from '../persistence/delivery.repository';

const CLAIM_BATCH = 100;
/** How long a delivery whose host is at its concurrency limit waits before it is offered again. */
const HOST_BUSY_DELAY_MS = 200;
/** A lease outlives the longest request by this much before another replica may take the delivery over. */
const LEASE_MARGIN_MS = 5000;

/**
 * Attempts deliveries with bounded concurrency (global and per destination host). Two ways in:
 * `dispatchSubject` right after a completion commits (the fast path), and a poll of the table for
 * retries, crash leftovers and anything the fast path skipped (the guarantee).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly inFlightByHost = new Map<string, number>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly releases = new Set<Promise<void>>();
  private readonly interrupt = new AbortController();
  private readonly leaseMs: number;
  /** Deliveries being claimed right now; counted against the global limit before they start. */
  private claiming = 0;
  /** Set when work may be waiting that this process skipped for lack of room: poll again as soon as room frees. */
  private backlogHint = false;
  private running = false;
  private polling = false;
  private pollAgain = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the poll loop last completed a pass; readiness reports a stalled dispatcher from it. */
  lastPollAt: Date | undefined;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly sender: WebhookSender,
    private readonly metrics: DeliveryMetrics,
    private readonly config: AppConfig,
  ) {
    this.leaseMs = Math.max(config.callbackTimeoutMs, config.stepWebhookTimeoutMs) + LEASE_MARGIN_MS;
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
    // A claim that was under way when we stopped may still add attempts: wait until none are left.
    while ((this.attempts.size > 0 || this.claiming > 0) && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.attempts]), new Promise((done) => setTimeout(done, 20))]);
    }
    if (this.attempts.size > 0) {
      this.logger.warn(`shutdown: interrupting ${this.attempts.size} attempts; their deliveries are released for retry`);
      this.interrupt.abort();
      await Promise.allSettled([...this.attempts]);
    }
    await Promise.allSettled([...this.releases]);
  }

  /** Fast path after a commit: try this subject's delivery now if there is room; otherwise the poll gets it. */
  async dispatchSubject(kind: DeliveryKind, subjectId: string): Promise<void> {
    if (!this.running) return;
    if (this.freeSlots() < 1) {
      this.backlogHint = true;
      return;
    }
    this.claiming++;
    try {
      const claimed = await this.deliveries.claimDue(this.claimRequest(1, { kind, id: subjectId }));
      if (claimed.length === 0) this.backlogHint = true; // its host was at its limit (or another replica has it)
      this.start(claimed);
    } catch (error) {
      this.logger.error(`dispatch of ${kind} ${subjectId} failed; the poll will retry it: ${String(error)}`);
    } finally {
      this.claiming--;
    }
  }

  private schedulePoll(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    this.backlogHint = false;
    try {
      const room = Math.min(CLAIM_BATCH, this.freeSlots());
      if (room > 0) {
        this.claiming += room;
        const claimed = await this.deliveries.claimDue(this.claimRequest(room)).finally(() => (this.claiming -= room));
        this.start(claimed);
        if (claimed.length === room) this.pollAgain = true; // probably more due right now
        else if (claimed.length > 0) this.backlogHint = true; // maybe more, held back by a host limit
      } else {
        this.backlogHint = true;
      }
      this.lastPollAt = new Date();
    } catch (error) {
      this.logger.error(`claiming deliveries failed: ${String(error)}`);
    } finally {
      this.polling = false;
    }
    const again = this.pollAgain;
    this.pollAgain = false;
    this.schedulePoll(again ? 0 : this.config.dispatcherPollIntervalMs);
  }

  private freeSlots(): number {
    return this.config.webhookConcurrency - this.attempts.size - this.claiming;
  }

  private claimRequest(limit: number, subject?: ClaimRequest['subject']): ClaimRequest {
    return {
      limit,
      leaseMs: this.leaseMs,
      perHostLimit: this.config.webhookPerHostConcurrency,
      busyHosts: Object.fromEntries(this.inFlightByHost),
      subject,
    };
  }

  /** An attempt finished and room freed up: if work was held back, claim it now rather than at the next tick. */
  private onRoomFreed(): void {
    if (this.running && this.backlogHint && !this.polling) {
      this.backlogHint = false;
      this.schedulePoll(0);
    }
  }

  private start(claimed: ClaimedDelivery[]): void {
    const postponed: ClaimedDelivery[] = [];
    if (!this.running) {
      this.releaseUntried(claimed, 0); // claimed while shutting down: hand them straight back
      return;
    }
    for (const delivery of claimed) {
      const host = delivery.destinationHost;
      const busy = this.inFlightByHost.get(host) ?? 0;
      if (busy >= this.config.webhookPerHostConcurrency) {
        postponed.push(delivery);
        continue;
      }
      this.inFlightByHost.set(host, busy + 1);
      const attempt = this.attempt(delivery).finally(() => {
        this.attempts.delete(attempt);
        const left = (this.inFlightByHost.get(host) ?? 1) - 1;
        if (left > 0) this.inFlightByHost.set(host, left);
        else this.inFlightByHost.delete(host);
        this.onRoomFreed();
      });
      this.attempts.add(attempt);
    }
    this.releaseUntried(postponed, HOST_BUSY_DELAY_MS);
  }

  private releaseUntried(deliveries: ClaimedDelivery[], delayMs: number): void {
    if (deliveries.length === 0) return;
    const release = this.deliveries
      .release(deliveries, delayMs)
      .catch((error) => this.logger.error(`releasing ${deliveries.length} deliveries failed; their leases will expire: ${String(error)}`))
      .finally(() => this.releases.delete(release));
    this.releases.add(release);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    try {
      const result = await this.sender.send(this.requestFor(delivery), this.interrupt.signal);
      if (result.interrupted) {
        await this.deliveries.release([delivery], 0);
        return;
      }
      const verdict = judgeAttempt(result, delivery.attemptCount, this.config.retryScheduleMs, new Date());
      const recorded = await this.deliveries.recordAttempt(delivery, result, verdict);
      if (recorded) this.metrics.record(delivery, result, verdict);
      this.report(delivery, result, verdict, recorded);
    } catch (error) {
      // The lease expires and the poll (here or on another replica) tries again.
      this.logger.error(`delivery ${delivery.id} attempt ${delivery.attemptCount} could not be recorded: ${String(error)}`);
    }
  }

  private requestFor(delivery: ClaimedDelivery): WebhookRequest {
    const isStep = delivery.kind === 'step';
    const key = this.config.stepCompleteKey;
    return {
      webhookId: delivery.id,
      url: delivery.url,
      body: delivery.payload,
      timeoutMs: isStep ? this.config.stepWebhookTimeoutMs : this.config.callbackTimeoutMs,
      guarded: !isStep, // STEP_COMPLETE_WEBHOOK is operator configuration and trusted
      headers: isStep && key ? { authorization: `Bearer ${key}` } : ({} as Record<string, string>),
    };
  }

  /** Structured fields first (nestjs-pino merges them into the JSON line), then the message. */
  private report(delivery: ClaimedDelivery, result: AttemptResult, verdict: AttemptVerdict, recorded: boolean): void {
    const fields = {
      webhook_id: delivery.id,
      [`${delivery.kind}_id`]: delivery.subjectId,
      attempt: delivery.attemptCount,
      outcome: result.outcome,
      status_code: result.statusCode,
      duration_ms: result.durationMs,
      next_attempt_at: verdict.nextAttemptAt?.toISOString() ?? null,
    };
    if (!recorded) {
      this.logger.warn(fields, 'webhook attempt not recorded: its lease was lost (taken over after expiry, or the delivery is gone)');
    } else if (result.outcome === 'success') {
      this.logger.log(fields, `webhook delivered: HTTP ${result.statusCode}`);
    } else {
      const line = `webhook attempt failed: ${result.error}; ${verdict.nextAttemptAt ? 'will retry' : 'no further attempts'}`;
      if (result.outcome === 'timeout' || result.outcome === 'http_error') this.logger.warn(fields, line);
      else this.logger.error(fields, line);
    }
  }
}
