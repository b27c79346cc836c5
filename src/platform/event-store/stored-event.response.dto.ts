import { ApiProperty } from '@nestjs/swagger';
import { StoredEventRecord } from './stored-event.orm-entity';

export class StoredEventResponse {
  @ApiProperty({ description: 'Position in the global event log.' })
  sequence: number;

  @ApiProperty({ description: 'Position in this stream, from 1.' })
  version: number;

  @ApiProperty({ example: 'JobCompleted' })
  type: string;

  @ApiProperty({ description: "The shape of `data`: its type's current schema version (older events are upcast)." })
  schema_version: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  occurred_at: string;

  static from(record: StoredEventRecord): StoredEventResponse {
    return {
      sequence: Number(record.sequence),
      version: record.version,
      type: record.type,
      schema_version: record.schemaVersion,
      data: record.data,
      occurred_at: record.occurredAt.toISOString(),
    };
  }
}
