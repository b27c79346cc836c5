import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';
import { Transaction } from '../../platform/database/transaction';
import type { TransactionalEventSubscriber } from '../../platform/database/transactional-event-subscriber';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import type { DomainEvent } from '../../platform/domain/domain-event';
import { StepCompletedEvent } from '../../steps/events/step-completed.event';
import { completionDeliveryFor } from './completion-delivery';

/**
 * Writes a delivery row for every completion that must be notified, inside the transaction that completed
 * the subject: the notification exists if and only if the completion committed.
 */
@Injectable()
export class CallbackOutbox implements TransactionalEventSubscriber, OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.unitOfWork.registerSubscriber(this);
  }

  async beforeCommit(trx: Transaction, events: readonly DomainEvent[]): Promise<void> {
    const deliveries = events.flatMap((event) => {
      const delivery = completionDeliveryFor(event, this.config.stepCompleteWebhook);
      if (!delivery && event instanceof StepCompletedEvent) {
        this.logger.debug(`step ${event.stepId} completed; STEP_COMPLETE_WEBHOOK is not set, so nothing is sent`);
      }
      return delivery ? [delivery] : [];
    });
    if (deliveries.length === 0) return;

    const values: unknown[] = [];
    const rows = deliveries.map((delivery, i) => {
      values.push(`dlv-${randomUUID()}`, delivery.kind, delivery.subjectId, delivery.url, new URL(delivery.url).host, delivery.payload, delivery.completedAt);
      const p = i * 7;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, 'pending', now(), $${p + 7}, now(), now())`;
    });
    await trx.manager.query(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, next_attempt_at, subject_completed_at, created_at, updated_at)
       VALUES ${rows.join(', ')}
       ON CONFLICT (kind, subject_id) DO NOTHING`,
      values,
    );
  }
}
