import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendJsonArrayInChunks } from '../platform/http/chunked-json-array';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RedeliverCommand } from './commands/redeliver/redeliver.command';
import { DeliveryDetailResponse } from './delivery-detail.response.dto';
import { DeliveryStatsResponse } from './delivery-stats.response.dto';
import { DeliveryResponse } from './delivery.response.dto';
import { DeliveryEventStream } from './live/delivery-event-stream';
import { GetDeliveryStatsQuery } from './queries/get-delivery-stats/get-delivery-stats.query';
import { GetDeliveryStatsRequest } from './queries/get-delivery-stats/get-delivery-stats.request.dto';
import type { DeliveryKind } from './domain/delivery-kind';
import { GetDeliveryQuery } from './queries/get-delivery/get-delivery.query';
import { ListDeliveriesQuery } from './queries/list-deliveries/list-deliveries.query';
import { ListDeliveriesRequest } from './queries/list-deliveries/list-deliveries.request.dto';
import { ListSubjectDeliveriesQuery } from './queries/list-subject-deliveries/list-subject-deliveries.query';

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
  @ApiOkResponse({ type: [DeliveryResponse] })
  list(@Query() query: ListDeliveriesRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = {
      status: query.status,
      subjectId: query.subject_id,
      kind: query.kind,
      host: query.host,
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
    };
    return sendJsonArrayInChunks(reply, query.page(), (page) => this.queries.execute(new ListDeliveriesQuery({ ...filter, ...page })), DeliveryResponse.from);
  }

  @Get('deliveries/stats')
  @ApiOkResponse({ type: DeliveryStatsResponse, description: 'Attempt outcomes per minute and per destination, and the backlog.' })
  async stats(@Query() query: GetDeliveryStatsRequest): Promise<DeliveryStatsResponse> {
    return DeliveryStatsResponse.from(await this.queries.execute(new GetDeliveryStatsQuery(query.minutes ?? 60)));
  }

  @Get('deliveries/stream')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: `event: delivery` for every scheduled delivery, attempt outcome and redelivery request, with the delivery as it is now ' +
      '(`data: {sequence, type, occurred_at, delivery}`); `id` is the event sequence, so send `Last-Event-ID` to resume. ' +
      'Without it the stream starts now, with an `event: ready`. Same auth as the rest of /v1 (read it with fetch: EventSource cannot send Authorization).',
  })
  stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.liveStream.serve(request, reply);
  }

  @Get('deliveries/:id')
  @ApiOkResponse({ type: DeliveryDetailResponse })
  async get(@Param('id') id: string): Promise<DeliveryDetailResponse> {
    return DeliveryDetailResponse.fromDetail(await this.queries.execute(new GetDeliveryQuery(id)));
  }

  @Post('deliveries/:id/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DeliveryResponse })
  async redeliver(@Param('id') id: string): Promise<DeliveryResponse> {
    return DeliveryResponse.from(await this.commands.execute(new RedeliverCommand(id)));
  }

  @Get('jobs/:id/deliveries')
  @ApiOkResponse({ type: [DeliveryResponse] })
  forJob(@Param('id') id: string): Promise<DeliveryResponse[]> {
    return this.forSubject('job', id);
  }

  @Get('runs/:id/deliveries')
  @ApiOkResponse({ type: [DeliveryResponse] })
  forRun(@Param('id') id: string): Promise<DeliveryResponse[]> {
    return this.forSubject('run', id);
  }

  @Get('steps/:id/deliveries')
  @ApiOkResponse({ type: [DeliveryResponse] })
  forStep(@Param('id') id: string): Promise<DeliveryResponse[]> {
    return this.forSubject('step', id);
  }

  private async forSubject(kind: DeliveryKind, id: string): Promise<DeliveryResponse[]> {
    return (await this.queries.execute(new ListSubjectDeliveriesQuery(kind, id))).map(DeliveryResponse.from);
  }
}
