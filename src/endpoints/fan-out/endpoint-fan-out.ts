import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobsTable } from '../../jobs/persistence/jobs.table';
import { AppConfig } from '../../platform/config/app-config';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { isPreconditionFailure } from '../../platform/database/write-batch';
import { EventStore } from '../../platform/event-store/event-store';
import { BackgroundLoop } from '../../platform/process/background-loop';
import { RunsTable } from '../../runs/persistence/runs.table';
import { deliveryLeaseMs, DeliveryDispatcher } from '../../webhooks/dispatch/delivery-dispatcher';
import type { ClaimedDelivery } from '../../webhooks/dispatch/delivery-queue';
import { DeliveryLeasesTable } from '../../webhooks/persistence/delivery-leases.table';
import { DeliveryStreams } from '../../webhooks/persistence/delivery-streams';
import { completionTypesFor, type CompletionType } from '../domain/event-types';
import { UnreadableEventError } from '../../platform/domain/domain-error';
import type { StoredEventRecord } from '../../platform/event-store/stored-event.orm-entity';
import { EndpointCursorsTable, type CursorKey, type FanOutTarget } from '../persistence/endpoint-cursors.table';
import { EndpointsTable } from '../persistence/endpoints.table';
import type { FannedOutCompletion } from './endpoint-envelope';
import { planFanOut } from './fan-out-plan';

/** How often a replica looks for endpoints behind the feed when nothing woke it. */
const IDLE_LOOK_MS = 250;
/** Endpoints considered per pass; the rest wait for the next one. */
const TARGETS_PER_PASS = 200;
/** Deliveries one unit of work schedules at most (a backfill goes on in passes this size). */
const DELIVERIES_PER_UNIT = 2000;
const MAX_EVENTS_PER_UNIT = 200;
/** Envelope bytes one unit of work schedules at most: each is written twice (event and row), and held meanwhile. */
const PAYLOAD_BYTES_PER_UNIT = 4 * 1024 * 1024;

class FanOutRaced extends Error {}

/**
 * Fans completions out to endpoints: a checkpointed consumer of the global log. Each endpoint has a cursor (the
 * sequence of the last event it considered); a pass reads the completions after it up to the feed's horizon —
 * below which every event is committed, so none is ever skipped — schedules one delivery per subscribed endpoint ×
 * event, and moves the cursor, all in one unit of work, guarded so replicas never fan an event out twice. A
 * paused endpoint's cursor waits (its events are held, not dropped); a new one's starts where it was told to
 * (a backfill). Woken right after a local completion commits; otherwise it looks every IDLE_LOOK_MS.
 */
@Injectable()
export class EndpointFanOut implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Endpoints');
  private readonly leaseMs: number;
  private readonly loop = new BackgroundLoop(() => this.nextPass(), IDLE_LOOK_MS);
  /** A completion committed at this time (epoch ms) that the next pass must see; 0: none waits. */
  private wokenAt = 0;
  /** Where the last full page of cursors ended: the next pass reads the page after it; none: from the furthest behind. */
  private nextPage?: CursorKey;
  /** Whether the last pass found an enabled endpoint: without one, completions wake nothing (the idle look finds new ones). */
  private haveEndpoints = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly eventStore: EventStore,
    private readonly cursors: EndpointCursorsTable,
    private readonly deliveries: DeliveryStreams,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly jobs: JobsTable,
    private readonly runs: RunsTable,
    config: AppConfig,
  ) {
    this.leaseMs = deliveryLeaseMs(config);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** A completion committed here: fan it out now rather than at the next look. */
  wake(): void {
    if (!this.haveEndpoints) return;
    this.wokenAt ||= Date.now();
    this.loop.soon();
  }

  /** A pass that sees every completion that woke it; the next comes at once while more waits. */
  private async nextPass(): Promise<number> {
    const notBefore = this.wokenAt;
    this.wokenAt = 0;
    return (await this.fanOut(notBefore)) || this.wokenAt ? 0 : IDLE_LOOK_MS;
  }

  /** An endpoint was created or resumed here: look at once. */
  endpointsChanged(): void {
    this.haveEndpoints = true;
    this.wake();
  }

  /** One pass over the endpoints behind the horizon; answers whether more is waiting. */
  async fanOut(notBefore = 0): Promise<boolean> {
    try {
      // A pass a completion woke knew of endpoints a moment ago (each pass learns it again from the cursors it reads).
      if (notBefore === 0 || !this.haveEndpoints) this.haveEndpoints = await this.cursors.anyEnabled();
      if (!this.haveEndpoints) return false;
      // Two round trips side by side. A cursor read before the horizon is at worst behind where it is now, and the
      // unit's guard on the cursors' positions and the endpoints' versions refuses a plan made from a stale read; one
      // read after it and already past it is left out here, as it would have been by the SQL.
      const page = this.nextPage;
      const [horizon, byPosition] = await Promise.all([this.eventStore.safeHorizon(notBefore), this.cursors.furthestBehind(TARGETS_PER_PASS, page)]);
      const targets = byPosition.filter((target) => BigInt(target.position) < BigInt(horizon));
      if (page === undefined) this.haveEndpoints = byPosition.length > 0;
      // More endpoints than a page: the next pass reads the next page (a page of held endpoints starves none after it),
      // and once past the last, the furthest behind again.
      const last = byPosition[byPosition.length - 1];
      this.nextPage = byPosition.length === TARGETS_PER_PASS ? { position: last.position, endpointId: last.endpointId } : undefined;
      // Endpoints at one position (those keeping up move together) are served by one read of the log.
      const groups = new Map<string, FanOutTarget[]>();
      for (const target of targets) groups.set(target.position, [...(groups.get(target.position) ?? []), target]);
      let more = this.nextPage !== undefined;
      for (const group of [...groups.values()].reverse()) more = (await this.fanOutGroup(group, horizon)) || more;
      return more;
    } catch (error) {
      this.logger.error(`fanning completions out to endpoints failed; the next pass tries again: ${String(error)}`);
      return false;
    }
  }

  private async fanOutGroup(targets: FanOutTarget[], horizon: string): Promise<boolean> {
    const limit = Math.max(1, Math.min(MAX_EVENTS_PER_UNIT, Math.floor(DELIVERIES_PER_UNIT / targets.length)));
    const { records, upTo } = await this.readCompletions(targets, horizon, limit);
    if (records === undefined) return false;
    const full = records.length === limit;
    const through = full ? records[records.length - 1].sequence : upTo;
    const completions = await this.withMetadata(records.map((record) => ({
      sequence: record.sequence, type: record.type as CompletionType, subjectId: record.streamId, data: record.data, occurredAt: record.occurredAt,
    })));
    const committed: ClaimedDelivery[] = [];
    let planned = through;
    try {
      await this.unitOfWork.run(async (batch) => {
        // A second round means another replica scheduled one of these first: its cursors moved, read them again.
        if (batch.attempt > 1) throw new FanOutRaced();
        committed.length = 0;
        const now = new Date();
        const plan = planFanOut(targets, completions, through, now, PAYLOAD_BYTES_PER_UNIT);
        planned = plan.through;
        this.deliveries.schedule(batch, plan.deliveries);
        // Leased to this process from the start, as a subject's own callback is: the hand-off needs no claim.
        const leases = plan.deliveries.map((delivery) => ({ deliveryId: delivery.deliveryId, token: randomUUID(), attempt: 1, expiresAt: new Date(now.getTime() + this.leaseMs) }));
        DeliveryLeasesTable.queue(batch, leases);
        EndpointCursorsTable.advance(batch, plan.moves);
        // The completions offered stay in the log until this commits: retention cannot purge a subject meanwhile.
        const offered = new Set(plan.deliveries.map((delivery) => delivery.subjectId));
        this.eventStore.holdEvents(batch, completions.filter((completion) => offered.has(completion.subjectId)).map((completion) => completion.sequence));
        // Scheduled with what the endpoints were when read: a URL changed meanwhile fails the unit, read again.
        EndpointsTable.unchanged(batch, targets);
        const targetOf = new Map(targets.map((target) => [target.endpointId, target]));
        plan.deliveries.forEach(({ deliveryId, kind, subjectId, url, destinationHost, payload, subjectCompletedAt, endpoint }, index) => {
          const { retrySchedule, rateLimit } = targetOf.get(endpoint!.endpointId)!;
          const leased = {
            id: deliveryId, kind, subjectId, url, destinationHost, payload, subjectCompletedAt, attemptCount: 1, leaseToken: leases[index].token,
            endpointId: endpoint!.endpointId, retrySchedule, rateLimit,
          };
          committed.push(leased);
        });
      });
    } catch (error) {
      if (error instanceof FanOutRaced || isPreconditionFailure(error)) return true; // another replica moved a cursor first: read again
      throw error;
    }
    this.dispatcher.dispatchAllLeased(committed);
    return full || planned !== through;
  }

  /**
   * The completions the targets subscribed to, after their position up to `horizon`. One this release cannot read
   * holds them just before it — never skipped — until it is repaired (EventStore names it in the log, once); the
   * events before it still go. Undefined records: nothing can be read yet.
   */
  private async readCompletions(targets: FanOutTarget[], horizon: string, limit: number): Promise<{ records?: StoredEventRecord[]; upTo: string }> {
    const types = [...new Set(targets.flatMap((target) => completionTypesFor(target.eventTypes)))];
    const position = targets[0].position;
    try {
      return { records: await this.eventStore.readTypesBetween(types, position, horizon, limit), upTo: horizon };
    } catch (error) {
      if (!(error instanceof UnreadableEventError)) throw error;
      const upTo = String(BigInt(await this.eventStore.sequenceOf(error.event.streamId, error.event.version)) - 1n);
      if (BigInt(upTo) <= BigInt(position)) return { upTo };
      return { records: await this.eventStore.readTypesBetween(types, position, upTo, limit), upTo };
    }
  }

  /** Jobs' and runs' envelopes carry their metadata, read from their rows (final once they completed). */
  private async withMetadata(completions: FannedOutCompletion[]): Promise<FannedOutCompletion[]> {
    const idsOf = (type: CompletionType) => completions.filter((completion) => completion.type === type).map((completion) => completion.subjectId);
    const [jobs, runs] = await Promise.all([this.jobs.metadataOf(idsOf('JobCompleted')), this.runs.metadataOf(idsOf('RunCompleted'))]);
    return completions.map((completion) => {
      const metadata = completion.type === 'JobCompleted' ? jobs.get(completion.subjectId) : completion.type === 'RunCompleted' ? runs.get(completion.subjectId) : undefined;
      return metadata ? { ...completion, metadata } : completion;
    });
  }
}
