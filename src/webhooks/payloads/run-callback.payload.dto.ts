import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../../platform/domain/metadata';

/** The body POSTed to a run's callback_url on its first terminal status (documentation of completion-delivery.ts). */
export class RunCallbackPayload {
  @ApiProperty({ example: 'run-7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f' })
  run_id: string;

  @ApiProperty({ enum: ['completed', 'failed', 'cancelled'] })
  status: 'completed' | 'failed' | 'cancelled';

  @ApiProperty({ format: 'date-time', description: "The run's stored completed_at." })
  completed_at: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The run's metadata after its final update, keys in the API's (jsonb) order." })
  metadata: Metadata;
}
