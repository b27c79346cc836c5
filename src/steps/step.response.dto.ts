import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../platform/domain/metadata';
import type { StepMetrics } from './domain/step-metrics';
import { STEP_STATUSES, type StepStatus } from './domain/step-status';
import { StepRecord } from './persistence/step.orm-entity';

export class StepResponse {
  @ApiProperty({ example: 'step-5d1c0a7e-2b9f-4f0e-8a55-7e4b8a1c9e21' })
  id: string;

  @ApiProperty()
  run_id: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status: StepStatus;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  completed_at: string | null;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata: Metadata;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'What the step reported when it completed (names to numbers); empty while pending or when it reported none.',
    example: { duration_ms: 1840, tokens_in: 512, tokens_out: 80 },
  })
  metrics: StepMetrics;

  static from(step: StepRecord): StepResponse {
    return {
      id: step.id,
      run_id: step.runId,
      status: step.status,
      created_at: step.createdAt.toISOString(),
      updated_at: step.updatedAt.toISOString(),
      completed_at: step.completedAt?.toISOString() ?? null,
      error: step.error,
      metadata: step.metadata,
      metrics: step.metrics,
    };
  }
}
