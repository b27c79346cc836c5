import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { metadataBytes } from '../../platform/domain/metadata';
import { RECENT_BYTES_PER_TABLE, RECENT_ROWS_PER_TABLE, RecentRows } from '../../platform/database/recent-rows';
import type { Transaction } from '../../platform/database/transaction';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import type { RecordedStream, StreamProjection } from '../../platform/projections/stream-projection';
import { Step } from '../domain/step';
import { StepHistory } from '../domain/step-history';
import { StepRecord } from './step.orm-entity';

const SELECT_STEP = `SELECT id, run_id AS "runId", status, error, metadata, version, created_at AS "createdAt",
  updated_at AS "updatedAt", completed_at AS "completedAt" FROM steps WHERE id = $1`;

/** Loading and saving of steps, and the steps table's SQL (the live projection and the rebuild). */
@Injectable()
export class StepRepository implements StreamProjection {
  readonly streamType = 'step';
  readonly tables = ['steps'];

  /** Pending steps this process wrote lately: completing one needs no read (see RecentRows). */
  private readonly recent = new RecentRows<StepRecord>(RECENT_ROWS_PER_TABLE, RECENT_BYTES_PER_TABLE, (row) => metadataBytes(row.metadata));

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  async load(trx: Transaction, id: string): Promise<Step> {
    const cached = this.recent.get(id);
    if (cached) {
      trx.noteCachedRead(() => this.recent.delete(id));
      const { version, ...state } = cached;
      return Step.restore(state, version);
    }
    // The step as its event stream says; the steps row changes no decision.
    const history = new StepHistory(id);
    for await (const event of this.eventStore.history(id)) history.apply(event);
    const replayed = history.result();
    if (!replayed) throw new EntityNotFoundError('step', id);
    return Step.restore(replayed.state, replayed.version);
  }

  /** Queues the step's new events and its projection change into the unit of work; returns the projection. */
  save(trx: Transaction, step: Step): StepRecord {
    const isNew = step.version === 0;
    const changed = step.hasPendingEvents;
    this.eventStore.append(trx, 'step', step);
    const record = Object.assign(new StepRecord(), { ...step.snapshot, version: step.version });
    const { id, runId, status, error, metadata, createdAt, updatedAt, completedAt, version } = record;
    if (isNew) {
      trx.write(
        `INSERT INTO steps (id, run_id, status, error, metadata, version, created_at, updated_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, runId, status, error, JSON.stringify(metadata), version, createdAt, updatedAt, completedAt],
      );
    } else if (changed) {
      trx.write(`UPDATE steps SET status = $2, error = $3, updated_at = $4, completed_at = $5, version = $6 WHERE id = $1`, [
        id, status, error, updatedAt, completedAt, version,
      ]);
    }
    if (isNew || changed) trx.onCommit(() => (status === 'pending' ? this.recent.set(id, Object.freeze(record)) : this.recent.delete(id)));
    return record;
  }

  /** The rebuild: each stream replayed as load() does, its row written as save() writes it. */
  async project(streams: RecordedStream[], db: EntityManager): Promise<void> {
    const rows = streams.flatMap(({ streamId, events }) => {
      const history = new StepHistory(streamId);
      for (const event of events) history.apply(event);
      const replayed = history.result();
      if (!replayed) return [];
      const { id, runId, status, error, metadata, createdAt, updatedAt, completedAt } = replayed.state;
      return [{ id, run_id: runId, status, error, metadata, version: replayed.version, created_at: createdAt, updated_at: updatedAt, completed_at: completedAt }];
    });
    await db.query(
      `INSERT INTO steps (id, run_id, status, error, metadata, version, created_at, updated_at, completed_at)
       SELECT id, run_id, status, error, metadata, version, created_at, updated_at, completed_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, run_id text, status text, error text, metadata jsonb, version int,
                                                  created_at timestamptz, updated_at timestamptz, completed_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }

  async findById(id: string): Promise<StepRecord> {
    const [row] = await this.dataSource.query(SELECT_STEP, [id]);
    if (!row) throw new EntityNotFoundError('step', id);
    return Object.assign(new StepRecord(), row);
  }

  /** A run's steps in creation order, `limit` at a time after the step `after`. */
  listByRun(runId: string, { after, limit }: { after?: string; limit: number }): Promise<StepRecord[]> {
    const query = this.dataSource.getRepository(StepRecord).createQueryBuilder('step').where('step.run_id = :runId', { runId });
    if (after !== undefined) {
      query.andWhere('(step.created_at, step.id) > (SELECT created_at, id FROM steps WHERE id = :after)', { after });
    }
    return query.orderBy('step.created_at', 'ASC').addOrderBy('step.id', 'ASC').limit(limit).getMany();
  }
}
