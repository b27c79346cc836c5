import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transaction } from '../../platform/database/transaction';
import { fetchNewestFirst, type PageRequest } from '../../platform/database/keyset-page';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import { Run } from '../domain/run';
import type { RunStatus } from '../domain/run-status';
import { RunRecord } from './run.orm-entity';

export interface RunFilter extends PageRequest {
  status?: RunStatus;
  agentId?: string;
}

const SELECT_RUN = `SELECT id, agent_id AS "agentId", status, metadata, callback_url AS "callbackUrl", callback_sent_at AS "callbackSentAt",
  callback_status_code AS "callbackStatusCode", callback_error AS "callbackError", version,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt" FROM runs WHERE id = $1`;

@Injectable()
export class RunRepository {
  /** The row each loaded aggregate came from, so save() can answer with the full projection. */
  private readonly loadedRows = new WeakMap<Run, RunRecord>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  async load(id: string): Promise<Run> {
    const row = await this.findById(id);
    const { agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = row;
    const run = Run.restore({ id, agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt }, row.version);
    this.loadedRows.set(run, row);
    return run;
  }

  /** Queues the run's new events and its projection change into the unit of work; returns the projection. */
  save(trx: Transaction, run: Run): RunRecord {
    const loaded = this.loadedRows.get(run);
    if (loaded && !run.hasPendingEvents) return loaded;
    this.eventStore.append(trx, 'run', run);
    const { id, agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = run.snapshot;
    const lifecycle = { status, metadata, updatedAt, completedAt, version: run.version };
    if (loaded) {
      trx.write(`UPDATE runs SET status = $2, metadata = $3, updated_at = $4, completed_at = $5, version = $6 WHERE id = $1`, [
        id, status, JSON.stringify(metadata), updatedAt, completedAt, run.version,
      ]);
      return Object.assign(new RunRecord(), loaded, lifecycle);
    }
    trx.write(
      `INSERT INTO runs (id, agent_id, status, metadata, callback_url, version, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, agentId, status, JSON.stringify(metadata), callbackUrl, run.version, createdAt, updatedAt, completedAt],
    );
    return Object.assign(new RunRecord(), { id, agentId, callbackUrl, createdAt, ...lifecycle, callbackSentAt: null, callbackStatusCode: null, callbackError: null });
  }

  async findById(id: string): Promise<RunRecord> {
    const [row] = await this.dataSource.query(SELECT_RUN, [id]);
    if (!row) throw new EntityNotFoundError('run', id);
    return Object.assign(new RunRecord(), row);
  }

  list(filter: RunFilter): Promise<RunRecord[]> {
    const query = this.dataSource.getRepository(RunRecord).createQueryBuilder('run');
    if (filter.status) query.andWhere('run.status = :status', { status: filter.status });
    if (filter.agentId) query.andWhere('run.agent_id = :agentId', { agentId: filter.agentId });
    return fetchNewestFirst(query, filter);
  }
}
