import { ApiProperty } from '@nestjs/swagger';
import type { LifecycleRecord } from './lifecycle-record';
import type { Metadata } from '../platform/domain/metadata';

/** Fields jobs and runs answer alike; each subclass adds its id and status. */
export abstract class LifecycleResponse {
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

  protected static lifecycleFields(record: LifecycleRecord): LifecycleResponse {
    return {
      created_at: record.createdAt.toISOString(),
      updated_at: record.updatedAt.toISOString(),
      completed_at: record.completedAt?.toISOString() ?? null,
      metadata: record.metadata,
      callback_url: record.callbackUrl,
      callback_sent_at: record.callbackSentAt?.toISOString() ?? null,
      callback_status_code: record.callbackStatusCode,
      callback_error: record.callbackError,
    };
  }
}
