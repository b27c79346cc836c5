import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LifecycleSearch } from '../../lifecycle/lifecycle-search';
import { LifecycleTable } from '../../lifecycle/lifecycle-table';
import type { PageRequest } from '../../platform/database/keyset-page';
import { ReadDataSource } from '../../platform/database/read-data-source';
import type { JobStatus } from '../domain/job-status';
import { JobRecord } from './job.orm-entity';

export interface JobFilter extends PageRequest, LifecycleSearch {
  status?: JobStatus;
}

/** The jobs table. */
@Injectable()
export class JobsTable extends LifecycleTable<JobRecord> {
  constructor(@Optional() dataSource?: DataSource, @Optional() reads?: ReadDataSource) {
    super(dataSource, reads, 'jobs', 'job', JobRecord);
  }

  list({ status, idPrefix, metadataKey, metadataValue, ...page }: JobFilter): Promise<JobRecord[]> {
    return this.page({ status }, { idPrefix, metadataKey, metadataValue }, page);
  }
}
