import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadDataSource } from '../../platform/database/read-data-source';
import { type ColumnSpec, upsertRows } from '../../platform/database/row-upsert';
import type { PendingWrite } from '../../platform/database/write-batch';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import type { OperationState } from '../domain/operation-state';

/** An operations row as its projection folds it: the operation's state and the stream version it covers. */
export interface OperationRow {
  state: OperationState;
  version: number;
}

/** An operation as the API shows it: its row, with the outcomes of the deliveries it asked for again. */
export interface OperationRecord extends OperationState {
  succeeded: number;
  failed: number;
}

const COLUMNS: readonly ColumnSpec[] = [
  ['id', 'text'], ['kind', 'text'], ['filter', 'jsonb'], ['status', 'text'], ['matched', 'int'], ['scheduled', 'int'], ['cursor', 'text'],
  ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['finished_at', 'timestamptz'], ['version', 'int'],
].map(([name, type]) => ({ name, type }));

/** The operations table's SQL, and its rows as the API answers them. */
@Injectable()
export class OperationsTable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadDataSource,
  ) {}

  static upsert(rows: readonly OperationRow[]): PendingWrite {
    return upsertRows('operations', 'id', COLUMNS, rows.map(({ state, version }) => ({
      id: state.id, kind: state.kind, filter: state.filter, status: state.status, matched: state.matched, scheduled: state.scheduled,
      cursor: state.cursor, created_at: state.createdAt, updated_at: state.updatedAt, finished_at: state.finishedAt, version,
    })));
  }

  /** For a GET, on the read connection (a replica when configured). */
  findById(id: string): Promise<OperationRecord> {
    return this.recordOn(this.reads.dataSource, id);
  }

  /** On the primary: what a command that changed it answers. */
  findCurrent(id: string): Promise<OperationRecord> {
    return this.recordOn(this.dataSource, id);
  }

  /**
   * The operation and what became of the deliveries it asked for again: succeeded, or failed with nothing more
   * planned (dead-lettered again). Those still retrying or waiting count in neither. One statement.
   */
  private async recordOn(db: DataSource, id: string): Promise<OperationRecord> {
    const [row] = await db.query(
      `SELECT o.id, o.kind, o.filter, o.status, o.matched, o.scheduled, o.cursor, o.created_at AS "createdAt", o.updated_at AS "updatedAt",
              o.finished_at AS "finishedAt",
              (SELECT count(*) FROM deliveries d WHERE d.redelivery_operation_id = o.id AND d.status = 'succeeded')::int AS succeeded,
              (SELECT count(*) FROM deliveries d WHERE d.redelivery_operation_id = o.id AND d.status = 'dead_lettered')::int AS failed
         FROM operations o WHERE o.id = $1`,
      [id],
    );
    if (!row) throw new EntityNotFoundError('operation', id);
    return row as OperationRecord;
  }

  /** The operations still running, oldest first: what a runner takes its next batches from. */
  async running(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM operations WHERE status = 'running' ORDER BY created_at LIMIT $1`, [limit]);
    return rows.map((row) => row.id);
  }
}
