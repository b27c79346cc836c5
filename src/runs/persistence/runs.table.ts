import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifecycleTable } from '../../lifecycle/lifecycle-table';
import type { PageRequest } from '../../platform/database/keyset-page';
import type { RunStatus } from '../domain/run-status';
import { RunRecord } from './run.orm-entity';

export interface RunFilter extends PageRequest {
  status?: RunStatus;
  agentId?: string;
}

/** The runs table: the lifecycle's columns and the run's agent_id. */
@Injectable()
export class RunsTable extends LifecycleTable<RunRecord> {
  constructor(@Optional() dataSource?: DataSource) {
    super(dataSource, 'runs', 'run', RunRecord, [['agent_id', 'agentId']]);
  }

  list({ status, agentId, ...page }: RunFilter): Promise<RunRecord[]> {
    return this.page({ status, agent_id: agentId }, page);
  }
}
