import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { oldestFirst, type PageRequest } from '../../platform/database/keyset-page';
import { ReadDataSource } from '../../platform/database/read-data-source';
import { type ColumnSpec, upsertRows } from '../../platform/database/row-upsert';
import type { PendingWrite } from '../../platform/database/write-batch';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import type { StepState } from '../domain/step-state';
import { StepRecord } from './step.orm-entity';

/** A steps row as its projection folds it: the step's state and the stream version it covers. */
export interface StepRow {
  state: StepState;
  version: number;
}

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: 'text' }, { name: 'run_id', type: 'text' }, { name: 'status', type: 'text' }, { name: 'error', type: 'text' },
  { name: 'metadata', type: 'jsonb' }, { name: 'metrics', type: 'jsonb' }, { name: 'version', type: 'int' }, { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' }, { name: 'completed_at', type: 'timestamptz' },
];

const SELECT_STEP = `SELECT id, run_id AS "runId", status, error, metadata, metrics, version, created_at AS "createdAt",
  updated_at AS "updatedAt", completed_at AS "completedAt" FROM steps WHERE id = $1`;

/** The steps table's SQL, and its rows as the API answers them (the GETs' reads on the read connection). */
@Injectable()
export class StepsTable {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: ReadDataSource,
  ) {}

  static upsert(rows: readonly StepRow[]): PendingWrite {
    return upsertRows('steps', 'id', COLUMNS, rows.map(({ state, version }) => ({
      id: state.id, run_id: state.runId, status: state.status, error: state.error, metadata: state.metadata, metrics: state.metrics, version,
      created_at: state.createdAt, updated_at: state.updatedAt, completed_at: state.completedAt,
    })));
  }

  static recordOf({ state, version }: StepRow): StepRecord {
    return Object.assign(new StepRecord(), { ...state, version });
  }

  /** For a GET, on the read connection. */
  async findById(id: string): Promise<StepRecord> {
    const [row] = await this.reads.dataSource.query(SELECT_STEP, [id]);
    if (!row) throw new EntityNotFoundError('step', id);
    return Object.assign(new StepRecord(), row);
  }

  /** The run's steps the table shows pending: candidates only, since each one's stream decides (see RunCancellation). On the primary. */
  async pendingOf(runId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM steps WHERE run_id = $1 AND status = 'pending' ORDER BY created_at, id`, [runId]);
    return rows.map((row) => row.id);
  }

  /** A run's steps in the order they were added, a page at a time. For a GET, on the read connection. */
  listByRun(runId: string, page: PageRequest): Promise<StepRecord[]> {
    return oldestFirst(this.reads.dataSource.getRepository(StepRecord).createQueryBuilder('step').where('step.run_id = :runId', { runId }), page).getMany();
  }
}
