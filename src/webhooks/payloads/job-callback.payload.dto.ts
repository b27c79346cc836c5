import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../../platform/domain/metadata';

/** The body POSTed to a job's callback_url on its first terminal status (documentation of completion-delivery.ts). */
export class JobCallbackPayload {
  @ApiProperty({ example: 'job-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21' })
  job_id: string;

  @ApiProperty({ enum: ['completed', 'failed', 'cancelled', 'expired'] })
  status: 'completed' | 'failed' | 'cancelled' | 'expired';

  @ApiProperty({ format: 'date-time', description: "The job's stored completed_at." })
  completed_at: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The job's metadata after its final update, keys in the API's (jsonb) order." })
  metadata: Metadata;
}
