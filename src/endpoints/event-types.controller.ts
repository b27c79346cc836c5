import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';
import { EventTypeList } from './event-type-list.response.dto';
import { ListEventTypesQuery } from './queries/list-event-types/list-event-types.query';

@ApiTags('endpoints')
@ApiBearerAuth()
@Controller('v1/event-types')
export class EventTypesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @DescribeOperation({ id: 'getEventTypes', summary: 'List event types', description: 'What an endpoint can subscribe to, each with an example of the envelope it receives.' })
  @ApiOkResponse({ type: EventTypeList })
  async list(): Promise<EventTypeList> {
    return { data: await this.queries.execute(new ListEventTypesQuery()) };
  }
}
