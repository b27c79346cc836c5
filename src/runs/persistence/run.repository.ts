import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Transaction } from '../../platform/database/transaction';
import { fetchNewestFirst, PageRequest } from '../../platform/database/keyset-page';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import { Run } from '../domain/run';
import type { RunStatus } from '../domain/run-status';
import { RunRecord } from './run.orm-entity';

export interface RunFilter extends PageRequest {
  status?: RunStatus;
  agentId?: string;
}

@Injectable()
export class RunRepository {
  /** The row each loaded aggregate came from, so save() can answer with the full projection. */
  private readonly loadedRows = new WeakMap<Run, RunRecord>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  /** Locks the row so concurrent commands on one run apply one after another. */
  async loadForUpdate(trx: Transaction, id: string): Promise<Run> {
    const row = await trx.manager.findOne(RunRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new EntityNotFoundError('run', id);
    const { agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = row;
    const run = Run.restore({ id, agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt }, row.version);
    this.loadedRows.set(run, row);
    return run;
  }

  /** Appends the run's new events and updates the projection in the same transaction; returns the projection. */
  async save(trx: Transaction, run: Run): Promise<RunRecord> {
    const loaded = this.loadedRows.get(run);
    if (loaded && !run.hasPendingEvents) return loaded;
    await this.eventStore.append(trx, 'run', run);
    const { id, agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = run.snapshot;
    const lifecycle = { status, metadata, updatedAt, completedAt, version: run.version };
    if (loaded) {
      await trx.manager.update(RunRecord, { id }, lifecycle);
      return Object.assign(loaded, lifecycle);
    }
    const created = { id, agentId, callbackUrl, createdAt, ...lifecycle, callbackSentAt: null, callbackStatusCode: null, callbackError: null };
    await trx.manager.insert(RunRecord, created);
    return Object.assign(new RunRecord(), created);
  }

  async findById(id: string): Promise<RunRecord> {
    const row = await this.dataSource.getRepository(RunRecord).findOneBy({ id });
    if (!row) throw new EntityNotFoundError('run', id);
    return row;
  }

  list(filter: RunFilter): Promise<RunRecord[]> {
    const query = this.dataSource.getRepository(RunRecord).createQueryBuilder('run');
    if (filter.status) query.andWhere('run.status = :status', { status: filter.status });
    if (filter.agentId) query.andWhere('run.agent_id = :agentId', { agentId: filter.agentId });
    return fetchNewestFirst(query, filter);
  }
}
