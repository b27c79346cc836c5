import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../platform/domain/metadata';
import { RUN_STATUSES, type RunStatus } from './domain/run-status';
import { RunRecord } from './persistence/run.orm-entity';

export class RunResponse {
  @ApiProperty({ example: 'run-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21' })
  id: string;

  @ApiProperty({ nullable: true, type: String })
  agent_id: string | null;

  @ApiProperty({ enum: RUN_STATUSES })
  status: RunStatus;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completed_at: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Metadata;

  @ApiProperty({ nullable: true, type: String })
  callback_url: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the latest callback attempt started.' })
  callback_sent_at: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status of the latest attempt; null when no response came.' })
  callback_status_code: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why the latest attempt failed; null after a 2xx.' })
  callback_error: string | null;

  static from(run: RunRecord): RunResponse {
    return {
      id: run.id,
      agent_id: run.agentId,
      status: run.status,
      created_at: run.createdAt.toISOString(),
      updated_at: run.updatedAt.toISOString(),
      completed_at: run.completedAt?.toISOString() ?? null,
      metadata: run.metadata,
      callback_url: run.callbackUrl,
      callback_sent_at: run.callbackSentAt?.toISOString() ?? null,
      callback_status_code: run.callbackStatusCode,
      callback_error: run.callbackError,
    };
  }
}
