import { Column, Entity } from 'typeorm';
import { LifecycleRecord } from '../../lifecycle/lifecycle-record';
import type { RunStatus } from '../domain/run-status';

/** The runs projection: the current state of each run stream, plus the latest callback outcome. */
@Entity({ name: 'runs' })
export class RunRecord extends LifecycleRecord {
  declare status: RunStatus;

  @Column({ name: 'agent_id', type: 'text', nullable: true })
  agentId: string | null;
}
