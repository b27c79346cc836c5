import { Injectable } from '@nestjs/common';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { isPreconditionFailure } from '../../platform/database/write-batch';
import { DeliveryQueue, type AttemptOutcomeRecord, type ClaimedDelivery, type DueClaim } from '../dispatch/delivery-queue';
import { DeliveryLeasesTable } from './delivery-leases.table';
import { DeliveryStreams } from './delivery-streams';

/**
 * The work queue the dispatcher talks to, on PostgreSQL: claims and releases are lease bookkeeping
 * (DeliveryLeasesTable); an attempt's result is a command on the delivery's stream, committed through the unit of
 * work with the end of its lease as a precondition — a result whose lease was taken over records nothing.
 */
@Injectable()
export class PostgresDeliveryQueue implements DeliveryQueue {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly streams: DeliveryStreams,
    private readonly leases: DeliveryLeasesTable,
  ) {}

  claimDue(request: DueClaim): Promise<ClaimedDelivery[]> {
    return this.leases.claimDue(request);
  }

  claimById(id: string, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    return this.leases.claimById(id, leaseMs);
  }

  releaseUntried(deliveries: readonly ClaimedDelivery[], delayMs: number): Promise<void> {
    return this.leases.releaseUntried(deliveries.map(({ id, leaseToken }) => ({ deliveryId: id, token: leaseToken })), delayMs);
  }

  /**
   * All results or none, in one statement. A batch with a lost lease in it fails as a whole (the recorder then
   * records member by member); a single result whose lease was lost answers that nothing was recorded.
   */
  async recordAttempts(outcomes: AttemptOutcomeRecord[]): Promise<Set<string>> {
    const now = new Date();
    try {
      await this.unitOfWork.run(async (batch) => {
        DeliveryLeasesTable.end(batch, outcomes.map(({ delivery }) => ({ deliveryId: delivery.id, token: delivery.leaseToken })));
        await this.streams.recordAttempts(batch, outcomes.map(({ delivery, result, verdict }) => ({
          type: 'recordAttempt', deliveryId: delivery.id, attempt: delivery.attemptCount, result, verdict, now,
        })));
      });
    } catch (error) {
      // Alone, a lost lease or a delivery no longer there (its tables emptied) records nothing, as the answer says.
      if (outcomes.length === 1 && (isPreconditionFailure(error) || error instanceof EntityNotFoundError)) return new Set();
      throw error;
    }
    return new Set(outcomes.map(({ delivery }) => delivery.id));
  }
}
