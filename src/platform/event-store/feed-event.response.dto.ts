import { ApiProperty } from '@nestjs/swagger';
import { StoredEventRecord } from './stored-event.orm-entity';

export class FeedEventResponse {
  @ApiProperty({ description: 'Position in the global event log; keep the last one and pass it as `after`.' })
  sequence: number;

  @ApiProperty({ enum: ['job', 'run', 'step'] })
  stream_type: string;

  @ApiProperty({ example: 'job-…' })
  stream_id: string;

  @ApiProperty({ description: 'Position in its stream, from 1.' })
  version: number;

  @ApiProperty({ example: 'JobCompleted' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  occurred_at: string;

  static from(record: StoredEventRecord): FeedEventResponse {
    return {
      sequence: Number(record.sequence),
      stream_type: record.streamType,
      stream_id: record.streamId,
      version: record.version,
      type: record.type,
      data: record.data,
      occurred_at: record.occurredAt.toISOString(),
    };
  }
}
