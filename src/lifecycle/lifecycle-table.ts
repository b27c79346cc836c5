import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { newestFirst, type PageRequest } from '../platform/database/keyset-page';
import type { ReadDataSource } from '../platform/database/read-data-source';
import { type ColumnSpec, upsertRows } from '../platform/database/row-upsert';
import { SearchConditions } from '../platform/database/search-conditions';
import type { PendingWrite } from '../platform/database/write-batch';
import { EntityNotFoundError } from '../platform/domain/domain-error';
import type { Metadata } from '../platform/domain/metadata';
import type { LifecycleRecord } from './lifecycle-record';
import type { LifecycleSearch } from './lifecycle-search';
import type { LifecycleState } from './lifecycle-state';

/** A jobs or runs row as the lifecycle projection folds it: the state and the stream version it covers. */
export interface LifecycleRow<State extends LifecycleState = LifecycleState> {
  state: State;
  version: number;
}

/** A column beyond the shared ones: its name, the state's property it holds, and (text) type. */
export type ExtraColumn = readonly [column: string, property: string];

/** The latest callback outcome: the webhooks projection's columns, never written here. */
export type CallbackColumns = Pick<LifecycleRecord, 'callbackSentAt' | 'callbackStatusCode' | 'callbackError'>;
export const NO_CALLBACK_YET: CallbackColumns = { callbackSentAt: null, callbackStatusCode: null, callbackError: null };

const LIFECYCLE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: 'text' }, { name: 'status', type: 'text' }, { name: 'metadata', type: 'jsonb' }, { name: 'callback_url', type: 'text' },
  { name: 'version', type: 'int' }, { name: 'created_at', type: 'timestamptz' }, { name: 'updated_at', type: 'timestamptz' },
  { name: 'completed_at', type: 'timestamptz' },
];

const SELECT_SHARED = `id, status, metadata, callback_url AS "callbackUrl", callback_sent_at AS "callbackSentAt",
  callback_status_code AS "callbackStatusCode", callback_error AS "callbackError", version,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt"`;

/**
 * The SQL of the jobs or the runs table, and its rows as the API answers them. The GETs' reads (`findById`, the
 * list) go to the read connection (a replica when configured); what a command answers is read on the primary.
 */
export class LifecycleTable<R extends LifecycleRecord> {
  private readonly columns: readonly ColumnSpec[];

  constructor(
    private readonly dataSource: DataSource | undefined,
    private readonly reads: ReadDataSource | undefined,
    readonly name: string,
    private readonly kind: string,
    private readonly recordClass: new () => R,
    private readonly extraColumns: readonly ExtraColumn[] = [],
  ) {
    this.columns = [...LIFECYCLE_COLUMNS, ...extraColumns.map(([column]) => ({ name: column, type: 'text' }))];
  }

  /** Writes the rows' lifecycle columns (the callback_* columns are the webhooks projection's). */
  upsert(rows: readonly LifecycleRow[]): PendingWrite {
    return upsertRows(this.name, 'id', this.columns, rows.map(({ state, version }) => {
      const extra = state as unknown as Record<string, unknown>;
      return {
        id: state.id, status: state.status, metadata: state.metadata, callback_url: state.callbackUrl, version,
        created_at: state.createdAt, updated_at: state.updatedAt, completed_at: state.completedAt,
        ...Object.fromEntries(this.extraColumns.map(([column, property]) => [column, extra[property]])),
      };
    }));
  }

  /** The row the API answers: the projection's state with the callback outcome the table holds. */
  recordOf({ state, version }: LifecycleRow, callback: CallbackColumns): R {
    return Object.assign(new this.recordClass(), state, { version }, {
      callbackSentAt: callback.callbackSentAt, callbackStatusCode: callback.callbackStatusCode, callbackError: callback.callbackError,
    });
  }

  /** For a GET, on the read connection. */
  async findById(id: string): Promise<R> {
    const row = await this.rowOn(this.readDb, id);
    if (!row) throw new EntityNotFoundError(this.kind, id);
    return row;
  }

  /** On the primary: a command's answer shows what it committed. */
  findRow(id: string): Promise<R | undefined> {
    return this.rowOn(this.db, id);
  }

  private async rowOn(db: DataSource, id: string): Promise<R | undefined> {
    const extra = this.extraColumns.map(([column, property]) => `, ${column} AS "${property}"`).join('');
    const [row] = await db.query(`SELECT ${SELECT_SHARED}${extra} FROM ${this.name} WHERE id = $1`, [id]);
    return row ? Object.assign(new this.recordClass(), row) : undefined;
  }

  /** The metadata of these rows by id (final once they are terminal); rows not found are absent. On the primary (the fan-out). */
  async metadataOf(ids: readonly string[]): Promise<Map<string, Metadata>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; metadata: Metadata }[] = await this.db.query(`SELECT id, metadata FROM ${this.name} WHERE id = ANY($1)`, [ids]);
    return new Map(rows.map((row) => [row.id, row.metadata]));
  }

  /** Newest first; `filters` maps column names to required values (undefined: no filter); `search` narrows further. For a GET. */
  protected page(filters: Record<string, string | undefined>, { idPrefix, metadataKey, metadataValue }: LifecycleSearch, page: PageRequest): Promise<R[]> {
    const conditions = new SearchConditions()
      .startsWith('projection.id', idPrefix)
      .metadata('projection.metadata', metadataKey, metadataValue);
    for (const [column, value] of Object.entries(filters)) conditions.compare(`projection.${column} = ?`, value);
    const query = this.readDb.getRepository(this.recordClass).createQueryBuilder('projection') as SelectQueryBuilder<R>;
    return newestFirst(conditions.applyTo(query), page).getMany();
  }

  private get db(): DataSource {
    if (!this.dataSource) throw new Error(`the ${this.name} table was built to write only`);
    return this.dataSource;
  }

  private get readDb(): DataSource {
    if (!this.reads) throw new Error(`the ${this.name} table was built without its read connection`);
    return this.reads.dataSource;
  }
}
