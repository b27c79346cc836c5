import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { BackgroundLoop } from '../../platform/process/background-loop';
import { DeliveriesTable } from '../../webhooks/persistence/deliveries.table';
import { DeliveryStreams } from '../../webhooks/persistence/delivery-streams';

/** Deliveries ended per unit of work; a deleted endpoint with more gets another pass at once. */
const BATCH = 500;
/** How often a replica looks when no delete woke it (another replica's delete, or a restart mid-sweep). */
const LOOK_MS = 10_000;

/**
 * Ends a deleted endpoint's unfinished deliveries (DeliveryAbandoned, the reason on each): otherwise they stayed
 * pending or retrying for ever, due but never claimed, in every claim's way and in the backlog. Batches of
 * BATCH in a unit of work; every replica sweeps (two ending one delivery collide on its stream, and the decider
 * makes a second end a no-op). A delivery under a lease is left for a pass after its attempt is recorded.
 */
@Injectable()
export class DeletedEndpointDeliveries implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Endpoints');
  private readonly loop = new BackgroundLoop(() => this.sweep(), LOOK_MS);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deliveries: DeliveriesTable,
    private readonly streams: DeliveryStreams,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(LOOK_MS);
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** An endpoint was deleted here: end its deliveries now rather than at the next look. */
  soon(): void {
    this.loop.soon();
  }

  /** One batch; answers how long to wait before the next. */
  async sweep(): Promise<number> {
    try {
      const ended = await this.unitOfWork.run(async (batch) => {
        const found = await this.deliveries.unendedOfDeletedEndpoints(BATCH);
        const now = new Date();
        await this.streams.abandonAll(batch, found.map(({ id, endpointId }) => ({ type: 'abandon', deliveryId: id, reason: `its endpoint ${endpointId} was deleted`, now })));
        return found.length;
      });
      if (ended > 0) this.logger.log({ deliveries: ended }, 'ended the deliveries of deleted endpoints');
      return ended === BATCH ? 0 : LOOK_MS;
    } catch (error) {
      this.logger.error(`ending the deliveries of deleted endpoints failed; the next pass tries again: ${String(error)}`);
      return LOOK_MS;
    }
  }
}
