import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, type EventType } from './domain/event-types';

export class EventTypeResponse {
  @ApiProperty({ enum: EVENT_TYPES })
  name: EventType;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'An example of the envelope an endpoint receives: `type`, `timestamp`, `data`.' })
  example: Record<string, unknown>;
}
