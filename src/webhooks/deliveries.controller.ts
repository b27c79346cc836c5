import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendJsonArrayInChunks } from '../platform/http/chunked-json-array';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RedeliverCommand } from './commands/redeliver/redeliver.command';
import { DeliveryDetailResponse } from './delivery-detail.response.dto';
import { DeliveryResponse } from './delivery.response.dto';
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
  ) {}

  @Get('deliveries')
  @ApiOkResponse({ type: [DeliveryResponse] })
  list(@Query() query: ListDeliveriesRequest, @Res() response: Response): Promise<void> {
    const filter = { status: query.status, subjectId: query.subject_id };
    return sendJsonArrayInChunks(response, query.page(), (page) => this.queries.execute(new ListDeliveriesQuery({ ...filter, ...page })), DeliveryResponse.from);
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
