import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Transaction } from './transaction';
import { fetchNewestFirst, type PageRequest } from './keyset-page';
import type { LifecycleRecord } from './lifecycle-record';
import { RECENT_BYTES_PER_TABLE, RECENT_ROWS_PER_TABLE, RecentRows } from './recent-rows';
import { EntityNotFoundError } from '../domain/domain-error';
import type { LifecycleAggregate, LifecycleState } from '../domain/lifecycle-aggregate';
import type { LifecycleHistory } from '../domain/lifecycle-history';
import { metadataBytes } from '../domain/metadata';
import type { EventStore } from '../event-store/event-store';
import type { RecordedStream, StreamProjection } from '../projections/stream-projection';

const SHARED_COLUMNS = `id, status, metadata, callback_url AS "callbackUrl", callback_sent_at AS "callbackSentAt",
  callback_status_code AS "callbackStatusCode", callback_error AS "callbackError", version,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt"`;

type AnyLifecycle = LifecycleAggregate<string, LifecycleState<string>>;

const NO_CALLBACK_YET = { callbackSentAt: null, callbackStatusCode: null, callbackError: null };

/**
 * Loading and saving of jobs and runs, and their tables' SQL (the live projection and the rebuild); subclasses
 * name their table and extra (text) columns. The callback_* columns are the delivery projection's.
 */
export abstract class LifecycleRepository<A extends AnyLifecycle, R extends LifecycleRecord> implements StreamProjection {
  /** The projection record of each loaded aggregate (its state over the stored row), so save() can answer in full. */
  private readonly loadedRows = new WeakMap<A, R>();
  /** State of entities still in progress that this process committed lately: their next command needs no replay. */
  private readonly recent = new RecentRows<R>(RECENT_ROWS_PER_TABLE, RECENT_BYTES_PER_TABLE, (row) => metadataBytes(row.metadata));

  protected constructor(
    protected readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    private readonly kind: 'job' | 'run',
    private readonly table: string,
    private readonly recordClass: new () => R,
    /** Columns besides the shared ones: [column, property] pairs. */
    private readonly extraColumns: readonly (readonly [string, keyof R & string])[] = [],
  ) {}

  get streamType(): string {
    return this.kind;
  }

  get tables(): readonly string[] {
    return [this.table];
  }

  protected abstract restore(row: R): A;

  /** An empty replay of this kind's stream. */
  protected abstract history(id: string): LifecycleHistory<LifecycleState<string>>;

  /**
   * The aggregate as its event stream says, replayed (or, as a shortcut, the state this process committed for it
   * lately, itself the outcome of those events and checked against the stream version at commit). The projection
   * row only lends the answer its callback_* columns: a row that disagrees with the log changes no decision.
   */
  async load(trx: Transaction, id: string): Promise<A> {
    const cached = this.recent.get(id);
    if (cached) {
      trx.noteCachedRead(() => this.recent.delete(id));
      const aggregate = this.restore(cached);
      this.loadedRows.set(aggregate, cached);
      return aggregate;
    }
    const history = this.history(id);
    for await (const event of this.eventStore.history(id)) history.apply(event);
    const replayed = history.result();
    if (!replayed) throw new EntityNotFoundError(this.kind, id);
    const row = await this.findRow(id);
    const record = Object.assign(new this.recordClass(), row ?? NO_CALLBACK_YET, replayed.state, { version: replayed.version });
    const aggregate = this.restore(record);
    // Without a row (the projection lost it) save() writes it afresh.
    if (row) this.loadedRows.set(aggregate, record);
    return aggregate;
  }

  /** Queues the aggregate's new events and its projection change into the unit of work; returns the projection. */
  save(trx: Transaction, aggregate: A): R {
    const loaded = this.loadedRows.get(aggregate);
    if (loaded && !aggregate.hasPendingEvents) return loaded;
    this.eventStore.append(trx, this.kind, aggregate);
    const record = this.queueWrite(trx, aggregate, loaded);
    // Only in-progress rows are kept: a terminal row's callback_* columns change after its delivery.
    const id = record.id;
    trx.onCommit(() => (aggregate.isTerminal ? this.recent.delete(id) : this.recent.set(id, Object.freeze(record))));
    return record;
  }

  private queueWrite(trx: Transaction, aggregate: A, loaded: R | undefined): R {
    const state = aggregate.snapshot as LifecycleState<string> & Record<string, unknown>;
    const { id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = state;
    const lifecycle = { status, metadata, updatedAt, completedAt, version: aggregate.version };
    if (loaded) {
      trx.write(`UPDATE ${this.table} SET status = $2, metadata = $3, updated_at = $4, completed_at = $5, version = $6 WHERE id = $1`, [
        id, status, JSON.stringify(metadata), updatedAt, completedAt, aggregate.version,
      ]);
      return Object.assign(new this.recordClass(), loaded, lifecycle);
    }
    const extraFields = Object.fromEntries(this.extraColumns.map(([, property]) => [property, state[property]]));
    const columns = ['id', 'status', 'metadata', 'callback_url', 'version', 'created_at', 'updated_at', 'completed_at', ...this.extraColumns.map(([column]) => column)];
    trx.write(`INSERT INTO ${this.table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, [
      id, status, JSON.stringify(metadata), callbackUrl, aggregate.version, createdAt, updatedAt, completedAt, ...Object.values(extraFields),
    ]);
    const fresh = { id, callbackUrl, createdAt, ...lifecycle, callbackSentAt: null, callbackStatusCode: null, callbackError: null };
    return Object.assign(new this.recordClass(), fresh, extraFields);
  }

  /** The rebuild: each stream replayed as load() does, its row written as save() first wrote it. */
  async project(streams: RecordedStream[], db: EntityManager): Promise<void> {
    const rows = streams.flatMap(({ streamId, events }) => {
      const history = this.history(streamId);
      for (const event of events) history.apply(event);
      const replayed = history.result();
      if (!replayed) return [];
      const state = replayed.state as LifecycleState<string> & Record<string, unknown>;
      const extra = Object.fromEntries(this.extraColumns.map(([column, property]) => [column, state[property]]));
      const { id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = state;
      return [{ id, status, metadata, callback_url: callbackUrl, version: replayed.version, created_at: createdAt, updated_at: updatedAt, completed_at: completedAt, ...extra }];
    });
    const extraColumns = this.extraColumns.map(([column]) => column);
    const columns = ['id', 'status', 'metadata', 'callback_url', 'version', 'created_at', 'updated_at', 'completed_at', ...extraColumns];
    const types = 'id text, status text, metadata jsonb, callback_url text, version int, created_at timestamptz, updated_at timestamptz, completed_at timestamptz';
    await db.query(
      `INSERT INTO ${this.table} (${columns.join(', ')})
       SELECT ${columns.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${[types, ...extraColumns.map((c) => `${c} text`)].join(', ')})`,
      [JSON.stringify(rows)],
    );
  }

  async findById(id: string): Promise<R> {
    const row = await this.findRow(id);
    if (!row) throw new EntityNotFoundError(this.kind, id);
    return row;
  }

  private async findRow(id: string): Promise<R | undefined> {
    const extra = this.extraColumns.map(([column, property]) => `, ${column} AS "${property}"`).join('');
    const [row] = await this.dataSource.query(`SELECT ${SHARED_COLUMNS}${extra} FROM ${this.table} WHERE id = $1`, [id]);
    return row ? Object.assign(new this.recordClass(), row) : undefined;
  }

  /** Newest first; `filters` maps column names to required values (undefined: no filter). */
  protected page(filters: Record<string, string | undefined>, page: PageRequest): Promise<R[]> {
    const query = this.dataSource.getRepository(this.recordClass).createQueryBuilder('projection') as SelectQueryBuilder<R>;
    for (const [column, value] of Object.entries(filters)) {
      if (value !== undefined) query.andWhere(`projection.${column} = :${column}`, { [column]: value });
    }
    return fetchNewestFirst(query, page);
  }
}
