import { Injectable } from '@nestjs/common';
import type { WriteBatch } from '../../platform/database/write-batch';
import { EventSourcedRepository } from '../../platform/event-store/event-sourced-repository';
import { EventStore } from '../../platform/event-store/event-store';
import type { AbandonDelivery, DeliveryCommand, RecordAttempt, RedirectDelivery, RequestRedelivery, ScheduleDelivery } from '../domain/delivery-command';
import { DELIVERY_DECIDER } from '../domain/delivery-decider';
import type { DeliveryState } from '../domain/delivery-state';
import { CallbackColumnsProjection } from './callback-columns.projection';
import { DeliveriesProjection } from './deliveries.projection';

/** Bytes a cached delivery holds besides its body, roughly. */
const STATE_OVERHEAD_BYTES = 600;

/**
 * The delivery streams: each command decided by the delivery decider on the stream's state (replayed, or as this
 * process last committed it), its events appended and its rows projected, all in the caller's unit of work.
 */
@Injectable()
export class DeliveryStreams {
  private readonly streams: EventSourcedRepository<DeliveryCommand, DeliveryState>;

  constructor(eventStore: EventStore) {
    this.streams = new EventSourcedRepository(eventStore, {
      streamType: 'delivery',
      decider: DELIVERY_DECIDER,
      projections: [new DeliveriesProjection(), new CallbackColumnsProjection()],
      // One not yet tried is about to be: its first result then needs no replay. Later attempts are seconds apart.
      keepRecent: (state) => state.attemptCount === 0,
      sizeOf: (state) => 2 * state.payload.length + STATE_OVERHEAD_BYTES,
      // Nothing planned: delivered, dead-lettered or abandoned (a redelivery may still be asked for).
      mayBePurged: (state) => state.nextAttemptAt === null,
    });
  }

  /** New deliveries (ids not used before), however many, in a constant number of statements. */
  schedule(batch: WriteBatch, deliveries: readonly ScheduleDelivery[]): void {
    if (deliveries.length === 0) return;
    this.streams.executeAll(batch, deliveries.map((command) => ({ stream: this.streams.empty(command.deliveryId), command })));
  }

  recordAttempts(batch: WriteBatch, results: readonly RecordAttempt[]): Promise<void> {
    return this.runAll(batch, results);
  }

  /** Redeliveries of many deliveries (a bulk redelivery's batch) in a constant number of statements. */
  redeliverAll(batch: WriteBatch, commands: readonly RequestRedelivery[]): Promise<void> {
    return this.runAll(batch, commands);
  }

  /** Redirects of many deliveries (an endpoint's new URL) in a constant number of statements. */
  redirectAll(batch: WriteBatch, commands: readonly RedirectDelivery[]): Promise<void> {
    return this.runAll(batch, commands);
  }

  /** Ends many deliveries (a deleted endpoint's) in a constant number of statements. */
  abandonAll(batch: WriteBatch, commands: readonly AbandonDelivery[]): Promise<void> {
    return this.runAll(batch, commands);
  }

  async redirect(batch: WriteBatch, command: RedirectDelivery): Promise<void> {
    await this.streams.run(batch, command.deliveryId, command, { create: false, freshId: false });
  }

  async redeliver(batch: WriteBatch, command: RequestRedelivery): Promise<void> {
    await this.streams.run(batch, command.deliveryId, command, { create: false, freshId: false });
  }

  /** Commands on existing deliveries, each stream loaded and run, in a constant number of statements. */
  private async runAll(batch: WriteBatch, commands: readonly Exclude<DeliveryCommand, ScheduleDelivery>[]): Promise<void> {
    if (commands.length === 0) return;
    const streams = await this.streams.loadAll(batch, commands.map((command) => command.deliveryId));
    this.streams.executeAll(batch, commands.map((command, index) => ({ stream: streams[index], command })));
  }
}
