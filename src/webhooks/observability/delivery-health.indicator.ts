import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AppConfig } from '../../platform/config/app-config';
import { DeliveryDispatcher } from '../dispatch/delivery-dispatcher';
import { DeliveriesTable } from '../persistence/deliveries.table';

/** Readiness checks of the delivery engine. */
@Injectable()
export class DeliveryHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly deliveries: DeliveriesTable,
    private readonly config: AppConfig,
  ) {}

  /** Down when the poll loop has not completed a pass for 5 intervals (at least 2 s). */
  dispatcherLoop(): HealthIndicatorResult<'dispatcher'> {
    const session = this.indicators.check('dispatcher');
    const last = this.dispatcher.lastPollAt;
    const limitMs = Math.max(5 * this.config.dispatcherPollIntervalMs, 2000);
    const ageMs = last ? Date.now() - last.getTime() : Number.POSITIVE_INFINITY;
    const details = { last_poll_at: last?.toISOString() ?? null, in_flight: this.dispatcher.inFlight };
    return ageMs <= limitMs ? session.up(details) : session.down({ ...details, message: `the delivery poll loop has not run for over ${limitMs} ms` });
  }

  /** Information only: never fails readiness by itself. */
  async backlog(): Promise<HealthIndicatorResult<'deliveries'>> {
    const session = this.indicators.check('deliveries');
    try {
      const backlog = await this.deliveries.currentBacklog();
      return session.up({
        pending: backlog.pending,
        retrying: backlog.retrying,
        delivering: backlog.delivering,
        dead_letters: backlog.deadLetters,
        oldest_due_age_seconds: backlog.oldestDueAgeSeconds,
      });
    } catch {
      return session.up({ message: 'backlog unavailable' });
    }
  }
}
