import { ApiProperty } from '@nestjs/swagger';
import { LifecycleResponse } from '../lifecycle/lifecycle.response.dto';
import { RUN_STATUSES, type RunStatus } from './domain/run-status';
import type { RunRecord } from './persistence/run.orm-entity';

export class RunResponse extends LifecycleResponse {
  @ApiProperty({ example: 'run-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21' })
  id: string;

  @ApiProperty({ nullable: true, type: String })
  agent_id: string | null;

  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;

  static from(run: RunRecord): RunResponse {
    return { id: run.id, agent_id: run.agentId, status: run.status, ...LifecycleResponse.lifecycleFields(run) };
  }
}
