import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PageRequest } from '../../platform/database/keyset-page';
import { LifecycleRepository } from '../../platform/database/lifecycle-repository';
import { EventStore } from '../../platform/event-store/event-store';
import { LifecycleHistory } from '../../platform/domain/lifecycle-history';
import { Run, type RunState } from '../domain/run';
import type { RunStatus } from '../domain/run-status';
import { RunRecord } from './run.orm-entity';

export interface RunFilter extends PageRequest {
  status?: RunStatus;
  agentId?: string;
}

@Injectable()
export class RunRepository extends LifecycleRepository<Run, RunRecord> {
  constructor(dataSource: DataSource, eventStore: EventStore) {
    super(dataSource, eventStore, 'run', 'runs', RunRecord, [['agent_id', 'agentId']]);
  }

  protected history(id: string): LifecycleHistory<RunState> {
    return new LifecycleHistory<RunState>('Run', id, (created) => ({ agentId: created.agent_id ?? null }));
  }

  protected restore({ id, agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt, version }: RunRecord): Run {
    return Run.restore({ id, agentId, status, metadata, callbackUrl, createdAt, updatedAt, completedAt }, version);
  }

  list({ status, agentId, ...page }: RunFilter): Promise<RunRecord[]> {
    return this.page({ status, agent_id: agentId }, page);
  }
}
