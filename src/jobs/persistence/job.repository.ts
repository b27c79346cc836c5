import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Transaction } from '../../platform/database/transaction';
import { fetchNewestFirst, PageRequest } from '../../platform/database/keyset-page';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import { Job } from '../domain/job';
import type { JobStatus } from '../domain/job-status';
import { JobRecord } from './job.orm-entity';

export interface JobFilter extends PageRequest {
  status?: JobStatus;
}

@Injectable()
export class JobRepository {
  /** The row each loaded aggregate came from, so save() can answer with the full projection. */
  private readonly loadedRows = new WeakMap<Job, JobRecord>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  /** Locks the row so concurrent commands on one job apply one after another. */
  async loadForUpdate(trx: Transaction, id: string): Promise<Job> {
    const row = await trx.manager.findOne(JobRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new EntityNotFoundError('job', id);
    const { status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = row;
    const job = Job.restore({ id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt }, row.version);
    this.loadedRows.set(job, row);
    return job;
  }

  /** Appends the job's new events and updates the projection in the same transaction; returns the projection. */
  async save(trx: Transaction, job: Job): Promise<JobRecord> {
    const loaded = this.loadedRows.get(job);
    if (loaded && !job.hasPendingEvents) return loaded;
    await this.eventStore.append(trx, 'job', job);
    const { id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = job.snapshot;
    const lifecycle = { status, metadata, updatedAt, completedAt, version: job.version };
    if (loaded) {
      await trx.manager.update(JobRecord, { id }, lifecycle);
      return Object.assign(loaded, lifecycle);
    }
    const created = { id, callbackUrl, createdAt, ...lifecycle, callbackSentAt: null, callbackStatusCode: null, callbackError: null };
    await trx.manager.insert(JobRecord, created);
    return Object.assign(new JobRecord(), created);
  }

  async findById(id: string): Promise<JobRecord> {
    const row = await this.dataSource.getRepository(JobRecord).findOneBy({ id });
    if (!row) throw new EntityNotFoundError('job', id);
    return row;
  }

  list(filter: JobFilter): Promise<JobRecord[]> {
    const query = this.dataSource.getRepository(JobRecord).createQueryBuilder('job');
    if (filter.status) query.andWhere('job.status = :status', { status: filter.status });
    return fetchNewestFirst(query, filter);
  }
}
