import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Transaction } from '../../platform/database/transaction';
import { fetchNewestFirst, type PageRequest } from '../../platform/database/keyset-page';
import { EntityNotFoundError } from '../../platform/domain/domain-error';
import { EventStore } from '../../platform/event-store/event-store';
import { Job } from '../domain/job';
import type { JobStatus } from '../domain/job-status';
import { JobRecord } from './job.orm-entity';

export interface JobFilter extends PageRequest {
  status?: JobStatus;
}

const SELECT_JOB = `SELECT id, status, metadata, callback_url AS "callbackUrl", callback_sent_at AS "callbackSentAt",
  callback_status_code AS "callbackStatusCode", callback_error AS "callbackError", version,
  created_at AS "createdAt", updated_at AS "updatedAt", completed_at AS "completedAt" FROM jobs WHERE id = $1`;

@Injectable()
export class JobRepository {
  /** The row each loaded aggregate came from, so save() can answer with the full projection. */
  private readonly loadedRows = new WeakMap<Job, JobRecord>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
  ) {}

  async load(id: string): Promise<Job> {
    const row = await this.findById(id);
    const { status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = row;
    const job = Job.restore({ id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt }, row.version);
    this.loadedRows.set(job, row);
    return job;
  }

  /** Queues the job's new events and its projection change into the unit of work; returns the projection. */
  save(trx: Transaction, job: Job): JobRecord {
    const loaded = this.loadedRows.get(job);
    if (loaded && !job.hasPendingEvents) return loaded;
    this.eventStore.append(trx, 'job', job);
    const { id, status, metadata, callbackUrl, createdAt, updatedAt, completedAt } = job.snapshot;
    const lifecycle = { status, metadata, updatedAt, completedAt, version: job.version };
    if (loaded) {
      trx.write(`UPDATE jobs SET status = $2, metadata = $3, updated_at = $4, completed_at = $5, version = $6 WHERE id = $1`, [
        id, status, JSON.stringify(metadata), updatedAt, completedAt, job.version,
      ]);
      return Object.assign(new JobRecord(), loaded, lifecycle);
    }
    trx.write(
      `INSERT INTO jobs (id, status, metadata, callback_url, version, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, status, JSON.stringify(metadata), callbackUrl, job.version, createdAt, updatedAt, completedAt],
    );
    return Object.assign(new JobRecord(), { id, callbackUrl, createdAt, ...lifecycle, callbackSentAt: null, callbackStatusCode: null, callbackError: null });
  }

  async findById(id: string): Promise<JobRecord> {
    const [row] = await this.dataSource.query(SELECT_JOB, [id]);
    if (!row) throw new EntityNotFoundError('job', id);
    return Object.assign(new JobRecord(), row);
  }

  list(filter: JobFilter): Promise<JobRecord[]> {
    const query = this.dataSource.getRepository(JobRecord).createQueryBuilder('job');
    if (filter.status) query.andWhere('job.status = :status', { status: filter.status });
    return fetchNewestFirst(query, filter);
  }
}
