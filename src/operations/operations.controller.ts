import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InvalidInputError } from '../platform/domain/domain-error';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';
import { WITH_BODY } from '../platform/openapi/operation-errors';
import { CancelOperationCommand } from './commands/cancel-operation/cancel-operation.command';
import { StartRedeliveryCommand } from './commands/start-redelivery/start-redelivery.command';
import { StartRedeliveryRequest } from './commands/start-redelivery/start-redelivery.request.dto';
import { OperationResponse } from './operation.response.dto';
import { GetOperationQuery } from './queries/get-operation/get-operation.query';
import { RedeliveryStartedResponse } from './redelivery-started.response.dto';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1')
export class OperationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('deliveries/redeliver')
  @DescribeOperation({
    id: 'redeliverMatching',
    summary: 'Redeliver every delivery that matches',
    description:
      'Starts a durable bulk redelivery of the deliveries the filter matches now (created before the request): each is asked for again ' +
      'once, with its own webhook-id, at BULK_REDELIVERY_PER_SECOND across all replicas and within the per-host concurrency limit. ' +
      'It resumes after a crash or on another replica. Follow it at GET /v1/operations/{id}; cancel it with POST /v1/operations/{id}/cancel.',
    errors: [...WITH_BODY, [409, 'The Idempotency-Key was used before with a different filter (`field: idempotency-key`).']],
  })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RedeliveryStartedResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async redeliverMatching(
    @Body() body: StartRedeliveryRequest,
    @Headers() headers: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedeliveryStartedResponse> {
    const filter = body.toFilter();
    if (Object.keys(filter).length === 0) {
      throw new InvalidInputError('body', 'name at least one of status, kind, host, url, subject_id, subject_id_prefix, endpoint_id, since, until, status_code, metadata_key: an empty filter would redeliver everything');
    }
    const operation = answerIdempotentReplay(reply, await this.commands.execute(new StartRedeliveryCommand(filter, readIdempotencyKey(headers))));
    return { operation_id: operation.id, matched: operation.matched };
  }

  @Get('operations/:id')
  @DescribeOperation({ id: 'getOperation', summary: 'Get an operation', description: 'A bulk redelivery and its progress.', errors: [400, 404] })
  @ApiOkResponse({ type: OperationResponse })
  async get(@Param('id') id: string): Promise<OperationResponse> {
    return OperationResponse.from(await this.queries.execute(new GetOperationQuery(id)));
  }

  @Post('operations/:id/cancel')
  @DescribeOperation({
    id: 'cancelOperation',
    summary: 'Cancel an operation',
    description: 'No further deliveries are asked for; those already asked for go on. Cancelling again is a no-op.',
    errors: [400, 404, [409, 'The operation is already done (`field: status`).']],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: OperationResponse })
  async cancel(@Param('id') id: string): Promise<OperationResponse> {
    return OperationResponse.from(await this.commands.execute(new CancelOperationCommand(id)));
  }
}
