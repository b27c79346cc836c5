import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LifecycleSearch } from '../../lifecycle/lifecycle-search';
import { LifecycleTable } from '../../lifecycle/lifecycle-table';
import type { PageRequest } from '../../platform/database/keyset-page';
import { ReadDataSource } from '../../platform/database/read-data-source';
import type { RunStatus } from '../domain/run-status';
import { RunRecord } from './run.orm-entity';

export interface RunFilter extends PageRequest, LifecycleSearch {
  status?: RunStatus;
  agentId?: string;
}

/** The runs table: the lifecycle's columns and the run's agent_id. */
@Injectable()
export class RunsTable extends LifecycleTable<RunRecord> {
  constructor(@Optional() dataSource?: DataSource, @Optional() reads?: ReadDataSource) {
    super(dataSource, reads, 'runs', 'run', RunRecord, [['agent_id', 'agentId']]);
  }

  list({ status, agentId, idPrefix, metadataKey, metadataValue, ...page }: RunFilter): Promise<RunRecord[]> {
    return this.page({ status, agent_id: agentId }, { idPrefix, metadataKey, metadataValue }, page);
  }
}
