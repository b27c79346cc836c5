import { ApiProperty } from '@nestjs/swagger';
import { StoredEventRecord } from './stored-event.orm-entity';
import { StoredEventResponse } from './stored-event.response.dto';

/** An event of the global feed: a stream event plus which stream it belongs to. */
export class FeedEventResponse extends StoredEventResponse {
  @ApiProperty({ enum: ['job', 'run', 'step', 'delivery', 'operation', 'endpoint'] })
  stream_type: string;

  @ApiProperty({ example: 'job-…' })
  stream_id: string;

  static from(record: StoredEventRecord): FeedEventResponse {
    return { ...StoredEventResponse.from(record), stream_type: record.streamType, stream_id: record.streamId };
  }
}
