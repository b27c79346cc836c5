import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../platform/metrics/metrics-registry';
import type { AttemptVerdict } from '../domain/retry-policy';
import type { AttemptResult } from '../http/attempt-result';
import type { ClaimedDelivery } from '../dispatch/delivery-queue';
import { DeliveriesTable } from '../persistence/deliveries.table';

/** The delivery figures operators watch: success rate, latency, error types, retries, backlog. */
@Injectable()
export class DeliveryMetrics {
  private readonly deliveries: Counter<'kind' | 'outcome'>;
  private readonly attempts: Counter<'kind' | 'outcome' | 'status_class'>;
  private readonly retries: Counter<'kind'>;
  private readonly attemptDuration: Histogram<'kind' | 'outcome'>;
  private readonly endToEnd: Histogram<'kind'>;

  constructor(registry: MetricsRegistry, repository: DeliveriesTable) {
    const registers = [registry];
    this.deliveries = new Counter({
      name: 'callback_deliveries_total',
      help: 'Deliveries that reached a final outcome: succeeded, or failed for good (dead letter, 410, blocked)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.attempts = new Counter({
      name: 'callback_delivery_attempts_total',
      help: 'Delivery attempts by outcome (success, timeout, http_error, network_error, blocked) and HTTP status class',
      labelNames: ['kind', 'outcome', 'status_class'],
      registers,
    });
    this.retries = new Counter({ name: 'callback_delivery_retries_total', help: 'Attempts after the first', labelNames: ['kind'], registers });
    this.attemptDuration = new Histogram({
      name: 'callback_delivery_attempt_duration_seconds',
      help: 'Duration of one HTTP attempt',
      labelNames: ['kind', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.endToEnd = new Histogram({
      name: 'callback_delivery_latency_seconds',
      help: "From the entity's completed_at to the receiver's 2xx",
      labelNames: ['kind'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600, 36000],
      registers,
    });
    const backlog = () => repository.currentBacklog();
    new Gauge({
      name: 'callback_deliveries_pending',
      help: 'Deliveries waiting for an attempt (never tried, or retrying) plus those in flight',
      registers,
      async collect() {
        const { pending, retrying, delivering } = await backlog();
        this.set(pending + retrying + delivering);
      },
    });
    new Gauge({
      name: 'callback_deliveries_dead_letters',
      help: 'Deliveries that failed for good and wait for a manual redelivery',
      registers,
      async collect() {
        this.set((await backlog()).deadLetters);
      },
    });
    new Gauge({
      name: 'callback_oldest_due_delivery_age_seconds',
      help: 'How long the oldest due delivery has been waiting past its due time (0 when none is due)',
      registers,
      async collect() {
        this.set((await backlog()).oldestDueAgeSeconds);
      },
    });
  }

  record(delivery: ClaimedDelivery, result: AttemptResult, verdict: AttemptVerdict): void {
    const { kind } = delivery;
    const statusClass = result.statusCode === null ? 'none' : `${Math.floor(result.statusCode / 100)}xx`;
    this.attempts.inc({ kind, outcome: result.outcome, status_class: statusClass });
    this.attemptDuration.observe({ kind, outcome: result.outcome }, result.durationMs / 1000);
    if (delivery.attemptCount > 1) this.retries.inc({ kind });
    if (verdict.status === 'succeeded') {
      this.deliveries.inc({ kind, outcome: 'succeeded' });
      this.endToEnd.observe({ kind }, (result.finishedAt.getTime() - delivery.subjectCompletedAt.getTime()) / 1000);
    } else if (verdict.nextAttemptAt === null) {
      this.deliveries.inc({ kind, outcome: 'failed' });
    }
  }
}
