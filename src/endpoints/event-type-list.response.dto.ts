import { ApiProperty } from '@nestjs/swagger';
import { EventTypeResponse } from './event-type.response.dto';

export class EventTypeList {
  @ApiProperty({ type: [EventTypeResponse] })
  data: EventTypeResponse[];
}
