import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createdOrder, sendPage, type Chunk } from '../platform/http/send-page';
import { PAGED } from '../platform/http/page.response.dto';
import { PageQuery } from '../platform/http/page-query.dto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RedeliverCommand } from './commands/redeliver/redeliver.command';
import { DeliveryDetailResponse } from './delivery-detail.response.dto';
import { DeliveryStatsResponse } from './delivery-stats.response.dto';
import { DeliveryPage } from './delivery-page.response.dto';
import { DeliveryResponse } from './delivery.response.dto';
import { DeliveryEventStream } from './live/delivery-event-stream';
import { GetDeliveryStatsQuery } from './queries/get-delivery-stats/get-delivery-stats.query';
import { GetDeliveryStatsRequest } from './queries/get-delivery-stats/get-delivery-stats.request.dto';
import type { DeliveryKind } from './domain/delivery-kind';
import type { CreatedPosition } from '../platform/database/keyset-page';
import { GetDeliveryQuery } from './queries/get-delivery/get-delivery.query';
import { ListDeliveriesQuery } from './queries/list-deliveries/list-deliveries.query';
import { ListDeliveriesRequest } from './queries/list-deliveries/list-deliveries.request.dto';
import { ListSubjectDeliveriesQuery } from './queries/list-subject-deliveries/list-subject-deliveries.query';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1')
export class DeliveriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly liveStream: DeliveryEventStream,
  ) {}

  @Get('deliveries')
  @DescribeOperation({
    id: 'listDeliveries',
    summary: 'List deliveries',
    description:
      'Every webhook delivery, newest first. Filter (every field narrows) by `status`, `kind`, `subject_id` or ' +
      '`subject_id_prefix`, `endpoint_id`, destination `host` (`host[:port]`) or `url` (a prefix: host and path, scheme optional), ' +
      "the last attempt's `status_code`, the subject's metadata (`metadata_key`, optionally `metadata_value`) and a " +
      `\`since\`/\`until\` window on \`created_at\`. ${PAGED}`,
    errors: [400],
  })
  @ApiOkResponse({ type: DeliveryPage })
  list(@Query() query: ListDeliveriesRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = query.search();
    return sendPage(reply, query.page(), createdOrder(({ after, limit }) => this.queries.execute(new ListDeliveriesQuery({ ...filter, after, limit })), DeliveryResponse.from));
  }

  @Get('deliveries/stats')
  @DescribeOperation({
    id: 'getDeliveryStats',
    summary: 'Delivery statistics',
    description: 'The last `minutes` (default 60): attempt outcomes and p50/p99 latency per minute, per destination (an endpoint, or a callback URL without its query) the success rate and failing streak, and the backlog.',
    errors: [400],
  })
  @ApiOkResponse({ type: DeliveryStatsResponse, description: 'Attempt outcomes per minute and per destination, and the backlog.' })
  async stats(@Query() query: GetDeliveryStatsRequest): Promise<DeliveryStatsResponse> {
    return DeliveryStatsResponse.from(await this.queries.execute(new GetDeliveryStatsQuery(query.minutes ?? 60)));
  }

  @Get('deliveries/stream')
  @DescribeOperation({
    id: 'streamDeliveries',
    summary: 'Follow deliveries live',
    description: 'Server-Sent Events of every delivery scheduled, attempted and redelivered, resumable with `Last-Event-ID`.',
    errors: [
      [400, 'Last-Event-ID is not the sequence of an event this stream sent (`field: last-event-id`).'],
      [410, 'Retention purged events after Last-Event-ID (`code: history_purged`): resume from `history_starts_after`, or open the stream anew.'],
      [503, 'At most 32 open streams per process (`field: stream`), or the database is unavailable: retry after `Retry-After`.'],
    ],
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: `event: delivery` for every scheduled delivery, attempt outcome and redelivery request, with the delivery as it is now ' +
      '(`data: {sequence, type, occurred_at, delivery}`); `id` is the event sequence, so send `Last-Event-ID` to resume. ' +
      'Without it the stream starts now, with an `event: ready`. A stream that falls behind a retention purge says so with ' +
      '`event: history_purged` (`data: {history_starts_after}`; refresh what you show) and goes on from there. Same auth as the rest of /v1 (read it with fetch: EventSource cannot send Authorization).',
  })
  stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.liveStream.serve(request, reply);
  }

  @Get('deliveries/:id')
  @DescribeOperation({ id: 'getDelivery', summary: 'Get a delivery', description: 'The delivery with every attempt: status code or error, duration, the first 1 KiB of the answer, the headers sent.', errors: [400, 404] })
  @ApiOkResponse({ type: DeliveryDetailResponse })
  async get(@Param('id') id: string): Promise<DeliveryDetailResponse> {
    return DeliveryDetailResponse.fromDetail(await this.queries.execute(new GetDeliveryQuery(id)));
  }

  @Post('deliveries/:id/redeliver')
  @DescribeOperation({
    id: 'redeliver',
    summary: 'Redeliver',
    description: 'A new attempt now, with the same `webhook-id` and body, whatever state the delivery is in (a dead letter included).',
    errors: [400, 404],
  })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DeliveryResponse })
  async redeliver(@Param('id') id: string): Promise<DeliveryResponse> {
    return DeliveryResponse.from(await this.commands.execute(new RedeliverCommand(id)));
  }

  @Get('jobs/:id/deliveries')
  @DescribeOperation({ id: 'listJobDeliveries', summary: "List a job's deliveries", description: `The deliveries that notify about the job (its callback's), newest first. ${PAGED}`, errors: [400, 404] })
  @ApiOkResponse({ type: DeliveryPage })
  forJob(@Param('id') id: string, @Query() query: PageQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.forSubject(reply, 'job', id, query);
  }

  @Get('runs/:id/deliveries')
  @DescribeOperation({ id: 'listRunDeliveries', summary: "List a run's deliveries", description: `The deliveries that notify about the run (its callback's), newest first. ${PAGED}`, errors: [400, 404] })
  @ApiOkResponse({ type: DeliveryPage })
  forRun(@Param('id') id: string, @Query() query: PageQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.forSubject(reply, 'run', id, query);
  }

  @Get('steps/:id/deliveries')
  @DescribeOperation({ id: 'listStepDeliveries', summary: "List a step's deliveries", description: `The deliveries that notify about the step (its step webhook's), newest first. ${PAGED}`, errors: [400, 404] })
  @ApiOkResponse({ type: DeliveryPage })
  forStep(@Param('id') id: string, @Query() query: PageQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.forSubject(reply, 'step', id, query);
  }

  private forSubject(reply: FastifyReply, kind: DeliveryKind, id: string, query: PageQuery): Promise<void> {
    const read = ({ after, limit, first }: Chunk<CreatedPosition>) =>
      this.queries.execute(new ListSubjectDeliveriesQuery(kind, id, { after, limit }, first));
    return sendPage(reply, query.page(), createdOrder(read, DeliveryResponse.from));
  }
}
