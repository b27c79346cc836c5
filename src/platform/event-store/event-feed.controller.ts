import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EventFeedRequest } from './event-feed.request.dto';
import { FeedEventResponse } from './feed-event.response.dto';
import { GetEventFeedQuery } from './queries/get-event-feed.query';

/** The pull alternative to webhooks: every event, in order, resumable from the last sequence seen. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventFeedController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOkResponse({ type: [FeedEventResponse] })
  async feed(@Query() query: EventFeedRequest): Promise<FeedEventResponse[]> {
    const events = await this.queries.execute(new GetEventFeedQuery({ after: query.after ?? 0, limit: query.limit ?? 100, type: query.type }));
    return events.map(FeedEventResponse.from);
  }
}
