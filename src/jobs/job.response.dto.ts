import { ApiProperty } from '@nestjs/swagger';
import type { Metadata } from '../platform/domain/metadata';
import { JOB_STATUSES, type JobStatus } from './domain/job-status';
import { JobRecord } from './persistence/job.orm-entity';

export class JobResponse {
  @ApiProperty({ example: 'job-0b8f3c1e-6a57-4f0e-9d55-2f4b8a1c9e21' })
  id: string;

  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;

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

  static from(job: JobRecord): JobResponse {
    return {
      id: job.id,
      status: job.status,
      created_at: job.createdAt.toISOString(),
      updated_at: job.updatedAt.toISOString(),
      completed_at: job.completedAt?.toISOString() ?? null,
      metadata: job.metadata,
      callback_url: job.callbackUrl,
      callback_sent_at: job.callbackSentAt?.toISOString() ?? null,
      callback_status_code: job.callbackStatusCode,
      callback_error: job.callbackError,
    };
  }
}
