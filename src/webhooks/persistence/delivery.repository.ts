import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../platform/database/prepared-query';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EVENT_APPEND_LOCK } from '../../platform/event-store/event-append-lock';
import { EventStore, type NewEvent } from '../../platform/event-store/event-store';
import type { WriteBatch } from '../../platform/database/write-batch';
import { DeliveryEventType, type DeliveryScheduledData } from '../domain/delivery-events';
import type { CompletionDelivery } from '../outbox/completion-delivery';
import { DeliveryQueue, type AttemptOutcomeRecord, type ClaimedDelivery, type DueClaim } from '../dispatch/delivery-queue';
import { DeliveryRecord } from './delivery.orm-entity';

/** A delivery decided in the unit of work that completes its subject; `lease` when this process starts it itself. */
export interface ScheduledDelivery extends CompletionDelivery {
  id: string;
  /** One clock reading for the event and the row, so a rebuilt row is the same to the microsecond. */
  scheduledAt: Date;
  lease?: { token: string; leaseMs: number };
}

const SCHEDULED_COLUMNS = 12;
/** Past this many deliveries in one unit, the rows go as one JSON parameter (see queueScheduledAsJson). */
const MAX_SCHEDULED_AS_PARAMETERS = 8;
/** The unique constraint two units scheduling a delivery for one subject collide on. */
export const ONE_DELIVERY_PER_SUBJECT = 'deliveries_one_per_subject';

const CLAIMED_COLUMNS = `d.id, d.kind, d.subject_id AS "subjectId", d.url, d.destination_host AS "destinationHost",
  d.payload, d.attempt_count AS "attemptCount", d.lease_token AS "leaseToken", d.subject_completed_at AS "subjectCompletedAt"`;

/**
 * The deliveries and delivery_attempts tables' SQL in service: scheduling with the completion, the work queue
 * (claims, leases, attempt results with their events: the DeliveryQueue port the dispatcher talks to),
 * and redelivery (reads: DeliveriesTable). Their rebuild: DeliveryProjection.
 */
@Injectable()
export class DeliveryRepository implements DeliveryQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  /** The schema version each delivery event type is written at, for statements that insert them (fixed at start). */
  private versionsOfEventTypes: string | undefined;

  private schemaVersions(): string {
    this.versionsOfEventTypes ??= JSON.stringify(
      Object.fromEntries(Object.values(DeliveryEventType).map((type) => [type, this.eventStore.schemaVersionOf(type)])),
    );
    return this.versionsOfEventTypes;
  }

  /** Queues each delivery's DeliveryScheduled event and its row (written leased when it has a lease) into the unit of work. */
  queueScheduled(batch: WriteBatch, deliveries: readonly ScheduledDelivery[]): void {
    if (deliveries.length === 0) return;
    const params: unknown[] = [];
    const rows = deliveries.map(({ id, kind, subjectId, url, destinationHost, payload, completedAt, scheduledAt, lease }, index) => {
      params.push(
        id, kind, subjectId, url, destinationHost, payload, completedAt,
        lease ? 'delivering' : 'pending', lease ? 1 : 0, lease?.token ?? null, lease?.leaseMs ?? 0, scheduledAt,
      );
      const p = index * SCHEDULED_COLUMNS;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 8}, $${p + 9}, $${p + 10}::uuid,
               $${p + 12}::timestamptz + $${p + 11} * interval '1 millisecond', $${p + 7}::timestamptz, $${p + 12}, $${p + 12})`;
    });
    const events = deliveries.map((delivery): NewEvent => {
      const data: DeliveryScheduledData = {
        delivery_id: delivery.id, kind: delivery.kind, subject_id: delivery.subjectId, url: delivery.url,
        destination_host: delivery.destinationHost, payload: delivery.payload, subject_completed_at: delivery.completedAt.toISOString(),
      };
      return { streamId: delivery.id, streamType: 'delivery', version: 1, type: DeliveryEventType.scheduled, data: { ...data }, occurredAt: delivery.scheduledAt };
    });
    this.eventStore.appendNew(batch, events);
    if (deliveries.length > MAX_SCHEDULED_AS_PARAMETERS) return this.queueScheduledAsJson(batch, deliveries);
    batch.write(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, lease_token,
                               next_attempt_at, subject_completed_at, created_at, updated_at)
       VALUES ${rows.join(', ')}`,
      params,
    );
  }

  /** Many rows at once (a cancelled run's steps): one JSON parameter and one statement text, however many. */
  private queueScheduledAsJson(batch: WriteBatch, deliveries: readonly ScheduledDelivery[]): void {
    const rows = deliveries.map(({ id, kind, subjectId, url, destinationHost, payload, completedAt, scheduledAt, lease }) => ({
      id, kind, subject_id: subjectId, url, destination_host: destinationHost, payload, subject_completed_at: completedAt, created_at: scheduledAt,
      status: lease ? 'delivering' : 'pending', attempt_count: lease ? 1 : 0, lease_token: lease?.token ?? null, lease_ms: lease?.leaseMs ?? 0,
    }));
    batch.write(
      `INSERT INTO deliveries (id, kind, subject_id, url, destination_host, payload, status, attempt_count, lease_token,
                               next_attempt_at, subject_completed_at, created_at, updated_at)
       SELECT id, kind, subject_id, url, destination_host, payload, status, attempt_count, lease_token,
              created_at + lease_ms * interval '1 millisecond', subject_completed_at, created_at, created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, subject_id text, url text, destination_host text, payload text,
              status text, attempt_count int, lease_token uuid, lease_ms int, subject_completed_at timestamptz, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Leases up to `limit` due deliveries (or expired leases of a replica that died), at most `perHostLimit`
   * in flight per destination host counting `busyHosts` (this process's attempts in flight per host).
   * SKIP LOCKED lets replicas claim side by side; the lease token fences a late result from a lease that
   * was taken over. One statement, one round trip.
   */
  claimDue(request: DueClaim): Promise<ClaimedDelivery[]> {
    const { limit, leaseMs, perHostLimit, busyHosts } = request;
    const saturated = Object.keys(busyHosts).filter((host) => busyHosts[host] >= perHostLimit);
    const params: unknown[] = [limit, leaseMs, saturated, perHostLimit, JSON.stringify(busyHosts), randomUUID(), Math.min(4 * limit, 1000)];
    return preparedQuery<ClaimedDelivery>(
      this.dataSource,
      `WITH candidates AS (
         SELECT id, destination_host, next_attempt_at FROM deliveries
          WHERE next_attempt_at <= now() AND NOT (destination_host = ANY($3))
          ORDER BY next_attempt_at LIMIT $7 FOR UPDATE SKIP LOCKED
       ), chosen AS (
         SELECT id FROM (
           SELECT id, next_attempt_at,
                  row_number() OVER (PARTITION BY destination_host ORDER BY next_attempt_at) AS position,
                  $4 - coalesce(($5::jsonb ->> destination_host)::int, 0) AS host_room
             FROM candidates) ranked
          WHERE position <= host_room
          ORDER BY next_attempt_at LIMIT $1
       ), claimed AS (
         UPDATE deliveries d
            SET status = 'delivering', attempt_count = d.attempt_count + 1, lease_token = $6,
                next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now()
           FROM chosen WHERE d.id = chosen.id
         RETURNING ${CLAIMED_COLUMNS}
       )
       SELECT * FROM claimed`,
      params,
    );
  }

  /** Leases one delivery by its key if it is due and unleased (SKIP LOCKED: a claim under way elsewhere wins). */
  async claimById(id: string, leaseMs: number): Promise<ClaimedDelivery | undefined> {
    const [claimed] = await preparedQuery<ClaimedDelivery>(
      this.dataSource,
      `UPDATE deliveries d
          SET status = 'delivering', attempt_count = d.attempt_count + 1, lease_token = $3,
              next_attempt_at = now() + $2 * interval '1 millisecond', updated_at = now()
         FROM (SELECT id FROM deliveries WHERE id = $1 AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED) chosen
        WHERE d.id = chosen.id
      RETURNING ${CLAIMED_COLUMNS}`,
      [id, leaseMs, randomUUID()],
    );
    return claimed;
  }

  /**
   * Records a batch of attempt results in one round trip: each delivery's new state, its attempt log row, the
   * subject row's callback_* columns, and the attempt's event on the delivery's stream (which all of those are
   * derived from). Returns the ids whose lease was still held; a result whose lease was lost (taken over after
   * expiry) writes nothing.
   */
  async recordAttempts(outcomes: AttemptOutcomeRecord[]): Promise<Set<string>> {
    const column = <T>(pick: (outcome: AttemptOutcomeRecord) => T) => outcomes.map(pick);
    const rows = await preparedQuery<{ id: string }>(
      this.dataSource,
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[],
                              $7::text[], $8::int[], $9::text[], $10::timestamptz[])
           AS t(id, token, status, next_attempt_at, started_at, status_code, error, duration_ms, response_body, finished_at)
       ), updated AS (
         UPDATE deliveries d
            SET status = i.status, lease_token = NULL, last_attempt_at = i.started_at, redeliver_requested = false,
                next_attempt_at = CASE WHEN d.redeliver_requested THEN now() ELSE i.next_attempt_at END,
                last_status_code = i.status_code, last_error = i.error, updated_at = now(), version = d.version + 1,
                succeeded_at = CASE WHEN i.status = 'succeeded' THEN i.finished_at ELSE d.succeeded_at END
           FROM input i
          WHERE d.id = i.id AND d.lease_token = i.token
      RETURNING d.id, d.kind, d.subject_id, d.attempt_count, d.version, d.status, d.next_attempt_at, i.started_at,
                i.finished_at, i.duration_ms, i.status_code, i.error, i.response_body
       ), attempt AS (
         INSERT INTO delivery_attempts (delivery_id, number, started_at, finished_at, duration_ms, status_code, error, response_body, outcome)
         SELECT id, attempt_count, started_at, finished_at, duration_ms, status_code, error, response_body,
                CASE WHEN status = 'succeeded' THEN 'succeeded' WHEN next_attempt_at IS NULL THEN 'dead_lettered' ELSE 'retrying' END
           FROM updated
       ), job AS (
         UPDATE jobs SET callback_sent_at = u.started_at, callback_status_code = u.status_code, callback_error = u.error
           FROM updated u WHERE u.kind = 'job' AND jobs.id = u.subject_id
       ), run AS (
         UPDATE runs SET callback_sent_at = u.started_at, callback_status_code = u.status_code, callback_error = u.error
           FROM updated u WHERE u.kind = 'run' AND runs.id = u.subject_id
       ), outcome AS (
         SELECT u.*, CASE WHEN u.status = 'succeeded' THEN '${DeliveryEventType.succeeded}'
                          WHEN u.next_attempt_at IS NULL THEN '${DeliveryEventType.deadLettered}'
                          ELSE '${DeliveryEventType.attemptFailed}' END AS type
           FROM updated u
       ), appended AS (
         -- Runs after the main query, which has taken the append lock (see EVENT_APPEND_LOCK).
         INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
         SELECT id, 'delivery', version, type, ($11::jsonb ->> type)::smallint,
                jsonb_build_object('delivery_id', id, 'attempt', attempt_count, 'started_at', started_at,
                                   'finished_at', finished_at, 'duration_ms', duration_ms, 'status_code', status_code,
                                   'error', error, 'response_body', response_body, 'next_attempt_at', next_attempt_at),
                finished_at
           FROM outcome
       )
       SELECT id, pg_advisory_xact_lock_shared(${EVENT_APPEND_LOCK}) FROM updated`,
      [
        column((o) => o.delivery.id),
        column((o) => o.delivery.leaseToken),
        column((o) => o.verdict.status),
        column((o) => o.verdict.nextAttemptAt),
        column((o) => o.result.startedAt),
        column((o) => o.result.statusCode),
        column((o) => o.result.error),
        column((o) => o.result.durationMs),
        column((o) => o.result.responseBody),
        column((o) => o.result.finishedAt),
        this.schemaVersions(),
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Gives leased deliveries back untried (shutdown, or their host is at its limit): due again after `delayMs`. */
  async releaseUntried(deliveries: readonly ClaimedDelivery[], delayMs: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.dataSource.query(
      `UPDATE deliveries d
          SET status = CASE WHEN d.attempt_count - 1 = 0 THEN 'pending' ELSE 'failed' END,
              attempt_count = d.attempt_count - 1, lease_token = NULL, redeliver_requested = false,
              next_attempt_at = now() + $3 * interval '1 millisecond', updated_at = now()
        WHERE d.id = ANY($1) AND d.lease_token = ANY($2)`,
      [deliveries.map((d) => d.id), deliveries.map((d) => d.leaseToken), delayMs],
    );
  }

  /**
   * A new attempt now with the same webhook-id, whatever the delivery's state. While an attempt is in flight the
   * request is remembered and the next attempt starts as soon as that one is recorded. Recorded as
   * RedeliveryRequested on the delivery's stream.
   */
  async scheduleRedelivery(id: string): Promise<DeliveryRecord> {
    // One transaction: the row is read as this change left it, before a claim can take it (SKIP LOCKED).
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [EVENT_APPEND_LOCK]);
      await manager.query(
        `WITH due AS (
           UPDATE deliveries
              SET redeliver_requested = (status = 'delivering'),
                  next_attempt_at = CASE WHEN status = 'delivering' THEN next_attempt_at ELSE now() END,
                  status = CASE WHEN attempt_count = 0 THEN 'pending' ELSE status END,
                  updated_at = now(), version = version + 1
            WHERE id = $1
        RETURNING id, version, CASE WHEN redeliver_requested THEN NULL ELSE next_attempt_at END AS next_attempt_at
         ), appended AS (
           INSERT INTO events (stream_id, stream_type, version, type, schema_version, data, occurred_at)
           SELECT id, 'delivery', version, '${DeliveryEventType.redeliveryRequested}', $2,
                  jsonb_build_object('delivery_id', id, 'next_attempt_at', next_attempt_at), now()
             FROM due
         )
         SELECT id FROM due`,
        [id, this.eventStore.schemaVersionOf(DeliveryEventType.redeliveryRequested)],
      );
      const row = await manager.getRepository(DeliveryRecord).findOneBy({ id });
      if (!row) throw new EntityNotFoundError('delivery', id);
      return row;
    });
  }


}
