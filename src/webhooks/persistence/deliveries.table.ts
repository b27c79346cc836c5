import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { newestFirst, type PageRequest } from '../../platform/database/keyset-page';
import { ReadDataSource } from '../../platform/database/read-data-source';
import { type ColumnSpec, upsertRows } from '../../platform/database/row-upsert';
import { SearchConditions } from '../../platform/database/search-conditions';
import type { PendingWrite } from '../../platform/database/write-batch';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import type { AttemptOutcome, DeliveryAttemptData } from '../domain/delivery-events';
import type { DeliveryKind } from '../domain/delivery-kind';
import type { DeliverySearch } from '../domain/delivery-search';
import type { DeliveryState } from '../domain/delivery-state';
import { DeliveryAttemptRecord } from './delivery-attempt.orm-entity';
import { DeliveryRecord } from './delivery.orm-entity';

export interface DeliveryBacklog {
  pending: number;
  retrying: number;
  delivering: number;
  deadLetters: number;
  oldestDueAgeSeconds: number;
}

export interface DeliveryFilter extends DeliverySearch, PageRequest {
  /** Only a subject's own callbacks (its callback_url, the step webhook), not endpoints' deliveries of it. */
  callbacksOnly?: boolean;
}

export type AttemptRow = DeliveryAttemptData & { outcome: AttemptOutcome; measured_from: string };

const DELIVERY_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'text'], ['kind', 'text'], ['subject_id', 'text'], ['url', 'text'], ['destination_host', 'text'], ['payload', 'text'],
  ['status', 'text'], ['attempt_count', 'int'], ['next_attempt_at', 'timestamptz'], ['last_attempt_at', 'timestamptz'],
  ['last_status_code', 'int'], ['last_error', 'text'], ['redeliver_requested', 'boolean'], ['subject_completed_at', 'timestamptz'],
  ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['succeeded_at', 'timestamptz'], ['version', 'int'],
  ['redelivery_operation_id', 'text'], ['endpoint_id', 'text'], ['event_type', 'text'], ['abandoned_reason', 'text'],
].map(([name, type]) => ({ name, type }));

/** Waiting for its endpoint to be enabled (paused, disabled or deleted): not due for anyone, so no age of a backlog. */
const HELD = `(delivery.endpoint_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM endpoints e WHERE e.id = delivery.endpoint_id AND e.enabled AND e.deleted_at IS NULL))`;

/** Held now by someone's lease: shown as 'delivering', with the attempt under way counted. */
const LEASED = `EXISTS (SELECT 1 FROM delivery_leases l WHERE l.delivery_id = delivery.id AND l.token IS NOT NULL)`;

/**
 * The deliveries and delivery_attempts tables: their writes (the delivery projection's) and their reads for the
 * API and the health checks, which show a delivery someone holds a lease on as 'delivering'. The GETs read the
 * read connection (a replica when configured); commands, workers, health and metrics read the primary.
 */
@Injectable()
export class DeliveriesTable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadDataSource,
  ) {}

  static upsert(deliveries: readonly { state: DeliveryState; version: number }[]): PendingWrite {
    return upsertRows('deliveries', 'id', DELIVERY_COLUMNS, deliveries.map(({ state, version }) => ({
      id: state.id, kind: state.kind, subject_id: state.subjectId, url: state.url, destination_host: state.destinationHost,
      payload: state.payload, status: state.status, attempt_count: state.attemptCount, next_attempt_at: state.nextAttemptAt,
      last_attempt_at: state.lastAttempt?.started_at ?? null, last_status_code: state.lastAttempt?.status_code ?? null,
      last_error: state.abandonedReason ?? state.lastAttempt?.error ?? null, redeliver_requested: state.redeliveryRequestedAt !== null,
      subject_completed_at: state.subjectCompletedAt, created_at: state.createdAt, updated_at: state.updatedAt,
      succeeded_at: state.succeededAt, version, redelivery_operation_id: state.redeliveryOperationId,
      endpoint_id: state.endpointId, event_type: state.eventType, abandoned_reason: state.abandonedReason,
    })));
  }

  static insertAttempts(attempts: readonly AttemptRow[]): PendingWrite {
    return {
      sql: `INSERT INTO delivery_attempts (delivery_id, number, started_at, finished_at, duration_ms, status_code, error,
                                         response_headers, outcome, measured_from)
            SELECT delivery_id, attempt, started_at, finished_at, duration_ms, status_code, error, response_headers, outcome, measured_from
              FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id text, attempt int, started_at timestamptz, finished_at timestamptz,
                   duration_ms int, status_code int, error text, response_headers jsonb, outcome text, measured_from timestamptz)
            ON CONFLICT (delivery_id, number) DO NOTHING`,
      params: [JSON.stringify(attempts)],
      rows: attempts.map((attempt) => `delivery_attempts:${attempt.delivery_id}:${attempt.attempt}`),
    };
  }

  /** For the stats GET, on the read connection. */
  backlog(): Promise<DeliveryBacklog> {
    return this.backlogOn(this.reads.dataSource);
  }

  /** On the primary: what readiness and the metrics report, whatever a replica's lag. */
  currentBacklog(): Promise<DeliveryBacklog> {
    return this.backlogOn(this.dataSource);
  }

  /** Counts of unfinished deliveries; reads only the partial index of rows that are not succeeded. */
  private async backlogOn(db: DataSource): Promise<DeliveryBacklog> {
    const [row] = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'pending' AND NOT leased)::int AS pending,
              count(*) FILTER (WHERE status = 'retrying' AND NOT leased)::int AS retrying,
              count(*) FILTER (WHERE leased)::int AS delivering,
              count(*) FILTER (WHERE status = 'dead_lettered' AND NOT leased)::int AS "deadLetters",
              coalesce(extract(epoch FROM now() - min(next_attempt_at)
                FILTER (WHERE NOT leased AND NOT held AND next_attempt_at <= now())), 0)::float AS "oldestDueAgeSeconds"
         FROM (SELECT status, next_attempt_at, ${LEASED} AS leased, ${HELD} AS held FROM deliveries delivery WHERE status <> 'succeeded') unfinished`,
    );
    return row as DeliveryBacklog;
  }

  /** On the primary: the live stream follows the feed, and a row a replica lacks yet would be skipped for good. */
  findByIds(ids: string[]): Promise<DeliveryRecord[]> {
    return this.withLeases(this.query(this.dataSource).where('delivery.id = ANY(:ids)', { ids }));
  }

  /** For a GET, on the read connection. */
  findById(id: string): Promise<DeliveryRecord> {
    return this.oneOf(this.query(this.reads.dataSource), id);
  }

  /** On the primary: what a command (a redelivery) answers and dispatches. */
  findCurrent(id: string): Promise<DeliveryRecord> {
    return this.oneOf(this.query(this.dataSource), id);
  }

  private async oneOf(query: SelectQueryBuilder<DeliveryRecord>, id: string): Promise<DeliveryRecord> {
    const [row] = await this.withLeases(query.where('delivery.id = :id', { id }));
    if (!row) throw new EntityNotFoundError('delivery', id);
    return row;
  }

  /** An endpoint's deliveries still to be delivered (pending or retrying) to another URL than `url`, at most `limit`. */
  async waitingOfEndpoint(endpointId: string, url: string, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM deliveries WHERE endpoint_id = $1 AND status IN ('pending', 'retrying') AND url <> $2 ORDER BY id LIMIT $3`,
      [endpointId, url, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Up to `limit` deliveries of deleted endpoints not ended yet (succeeded or abandoned), none under a lease (an
   * attempt under way is recorded first): what the sweep abandons next. Reads the endpoint index of the few deleted.
   */
  async unendedOfDeletedEndpoints(limit: number): Promise<{ id: string; endpointId: string }[]> {
    return this.dataSource.query(
      `SELECT delivery.id, delivery.endpoint_id AS "endpointId"
         FROM endpoints e JOIN deliveries delivery ON delivery.endpoint_id = e.id
        WHERE e.deleted_at IS NOT NULL AND delivery.status <> 'succeeded' AND delivery.abandoned_reason IS NULL AND NOT ${LEASED}
        LIMIT $1`,
      [limit],
    );
  }

  /** The delivery of a job's or run's callback, if its completion scheduled one. */
  async idOf(kind: DeliveryKind, subjectId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(`SELECT id FROM deliveries WHERE kind = $1 AND subject_id = $2 AND endpoint_id IS NULL`, [kind, subjectId]);
    return row?.id;
  }

  /**
   * For a GET, on the read connection: the row and its attempts in one snapshot (REPEATABLE READ), so neither is ahead
   * of the other (a result recorded between two reads would show a row settled beside no attempt, or the reverse);
   * `alsoRead` reads in the same snapshot.
   */
  findWithAttempts<T>(id: string, alsoRead: (db: EntityManager) => Promise<T>): Promise<{ delivery: DeliveryRecord; attempts: DeliveryAttemptRecord[]; also: T }> {
    return this.reads.dataSource.transaction('REPEATABLE READ', async (db) => {
      const delivery = await this.oneOf(db.getRepository(DeliveryRecord).createQueryBuilder('delivery'), id);
      const attempts = await db.getRepository(DeliveryAttemptRecord).find({ where: { deliveryId: id }, order: { number: 'ASC' } });
      return { delivery, attempts, also: await alsoRead(db) };
    });
  }

  /** For a GET, on the read connection. */
  async list({ callbacksOnly, limit, after, ...search }: DeliveryFilter): Promise<DeliveryRecord[]> {
    const conditions = searchConditions(search);
    if (callbacksOnly) conditions.where('delivery.endpoint_id IS NULL');
    return this.withLeases(newestFirst(conditions.applyTo(this.query(this.reads.dataSource)), { limit, after }));
  }

  /** How many deliveries created up to `createdUpTo` the search matches (a bulk redelivery's start, on the primary). */
  async countSelected(search: DeliverySearch, createdUpTo: Date): Promise<number> {
    return this.selected(search, createdUpTo).getCount();
  }

  /** The next `limit` deliveries the search matches, in id order after `afterId` (a bulk redelivery's next batch). */
  async nextSelected(search: DeliverySearch, createdUpTo: Date, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.selected(search, createdUpTo)
      .andWhere('delivery.id > :afterId', { afterId: afterId ?? '' })
      .select('delivery.id', 'id')
      .orderBy('delivery.id')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /**
   * What a bulk redelivery selects: by the search, as stored (no lease is looked at), created up to its start, and
   * never an abandoned one (nothing can be sent for it).
   */
  private selected(search: DeliverySearch, createdUpTo: Date): SelectQueryBuilder<DeliveryRecord> {
    const { status, ...rest } = search;
    return searchConditions(rest)
      .compare('delivery.status = ?', status)
      .where('delivery.abandoned_reason IS NULL')
      .where('delivery.created_at <= :createdUpTo', { createdUpTo })
      .applyTo(this.query(this.dataSource));
  }

  private query(db: DataSource): SelectQueryBuilder<DeliveryRecord> {
    return db.getRepository(DeliveryRecord).createQueryBuilder('delivery');
  }

  /**
   * The rows as the API shows them: one under someone's lease is 'delivering', its attempt under way counted. Row
   * and lease are read in one statement, so a result recorded meanwhile cannot show a count behind its attempt log.
   */
  private async withLeases(query: SelectQueryBuilder<DeliveryRecord>): Promise<DeliveryRecord[]> {
    const { entities, raw } = await query
      .leftJoin('delivery_leases', 'lease', 'lease.delivery_id = delivery.id AND lease.token IS NOT NULL')
      .addSelect('lease.attempt', 'lease_attempt')
      .getRawAndEntities<{ lease_attempt: number | null }>();
    entities.forEach((delivery, index) => {
      const attempt = raw[index].lease_attempt;
      if (attempt !== null) Object.assign(delivery, { status: 'delivering', attemptCount: attempt });
    });
    return entities;
  }
}

/**
 * The search as conditions on `deliveries delivery`. A status but 'delivering' leaves out rows under a lease (the
 * list shows those as 'delivering'); a bulk redelivery passes its status separately, on the stored state.
 */
function searchConditions(search: DeliverySearch): SearchConditions {
  const conditions = new SearchConditions();
  if (search.status === 'delivering') conditions.where(LEASED);
  else if (search.status) conditions.compare('delivery.status = ?', search.status).where(`NOT ${LEASED}`);
  return conditions
    .compare('delivery.kind = ?', search.kind)
    .compare('delivery.destination_host = ?', search.host)
    .urlStartsWith('delivery.url', search.url)
    .compare('delivery.subject_id = ?', search.subject_id)
    .startsWith('delivery.subject_id', search.subject_id_prefix)
    .compare('delivery.endpoint_id = ?', search.endpoint_id)
    .compare('delivery.created_at >= ?', search.since)
    .compare('delivery.created_at < ?', search.until)
    .compare('delivery.last_status_code = ?', search.status_code)
    .metadata('metadata', search.metadata_key, search.metadata_value, (matchesOn) =>
      // The subject's metadata (final once it is terminal), looked up per delivery by the subject's key while the
      // list walks its newest-first index: an IN (subquery) was estimated at 200 rows when a common key had 60,000,
      // and read and sorted every delivery (0.4–0.6 s at 200k deliveries; this form 37 ms).
      `(EXISTS (SELECT 1 FROM jobs WHERE jobs.id = delivery.subject_id AND ${matchesOn('jobs.metadata')})
        OR EXISTS (SELECT 1 FROM runs WHERE runs.id = delivery.subject_id AND ${matchesOn('runs.metadata')}))`);
}
