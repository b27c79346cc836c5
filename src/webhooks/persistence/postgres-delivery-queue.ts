import { Injectable } from '@nestjs/common';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { isPreconditionFailure } from '../../platform/database/write-batch';
import { DeliveryQueue, type AttemptOutcomeRecord, type ClaimedDelivery, type DueClaim } from '../dispatch/delivery-queue';
import { DeliveryCircuits } from './delivery-circuits';
import { DeliveryLeasesTable } from './delivery-leases.table';
import { DeliveryRateWindowsTable } from './delivery-rate-windows.table';
import { DeliveryStreams } from './delivery-streams';
import { ResponseBodiesTable } from './response-bodies.table';

/** Leases can be lost between the check and the next commit; after this many rounds the caller goes member by member. */
const MAX_ROUNDS = 3;

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
    private readonly rateWindows: DeliveryRateWindowsTable,
    private readonly circuits: DeliveryCircuits,
  ) {}

  claimDue(request: DueClaim): Promise<ClaimedDelivery[]> {
    return this.leases.claimDue(request);
  }

  claimById(id: string, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    return this.leases.claimById(id, leaseMs);
  }

  circuitWaitMs(key: string, probeMs: number): Promise<number> {
    return this.circuits.waitMs(key, probeMs);
  }

  recordCircuit(key: string, succeeded: boolean, opensAfter: number, cooldownMs: number): Promise<void> {
    return this.circuits.record(key, succeeded, opensAfter, cooldownMs);
  }

  takeRateSlot(key: string, perSecond: number): Promise<boolean> {
    return this.rateWindows.takeSlot(key, perSecond);
  }

  releaseUntried(deliveries: readonly ClaimedDelivery[], delayMs: number): Promise<void> {
    return this.leases.releaseUntried(deliveries.map(({ id, leaseToken }) => ({ deliveryId: id, token: leaseToken })), delayMs);
  }

  /**
   * Records the results whose lease is still held, in one statement, and answers their ids. The statement is all
   * or nothing (its guard fails if any lease was lost meanwhile): a batch that trips on lost leases is recorded
   * again without them, so one expired lease never sends a whole batch member by member (which, under load, let
   * the rest of its leases expire too).
   */
  async recordAttempts(outcomes: AttemptOutcomeRecord[]): Promise<Set<string>> {
    let pending = outcomes;
    for (let round = 1; pending.length > 0; round++) {
      try {
        await this.commit(pending);
        return new Set(pending.map(({ delivery }) => delivery.id));
      } catch (error) {
        // A delivery no longer there (its tables emptied) has no lease either: both are lost leases.
        if (!(isPreconditionFailure(error) || error instanceof EntityNotFoundError)) throw error;
        if (pending.length === 1) return new Set();
        const held = await this.leases.stillHeld(pending.map(({ delivery }) => ({ deliveryId: delivery.id, token: delivery.leaseToken })));
        const next = pending.filter(({ delivery }) => held.has(delivery.id));
        // Every lease held and still refused: not a lost lease; the caller records member by member.
        if (next.length === pending.length || round >= MAX_ROUNDS) throw error;
        pending = next;
      }
    }
    return new Set();
  }

  private commit(outcomes: AttemptOutcomeRecord[]): Promise<void> {
    const now = new Date();
    return this.unitOfWork.run(async (batch) => {
      DeliveryLeasesTable.end(batch, outcomes.map(({ delivery }) => ({ deliveryId: delivery.id, token: delivery.leaseToken })));
      ResponseBodiesTable.insert(batch, outcomes.flatMap(({ delivery, result }) =>
        result.responseBody === null ? [] : [{ deliveryId: delivery.id, attempt: delivery.attemptCount, body: result.responseBody, recordedAt: result.finishedAt }],
      ));
      await this.streams.recordAttempts(batch, outcomes.map(({ delivery, result, verdict }) => ({
        type: 'recordAttempt', deliveryId: delivery.id, attempt: delivery.attemptCount, result, verdict, now,
      })));
    });
  }
}
