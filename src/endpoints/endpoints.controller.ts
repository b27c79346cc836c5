import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { EndpointHealthRequest, ListEndpointsHealthRequest } from './endpoint-health.request.dto';
import { EndpointHealthResponse } from './endpoint-health.response.dto';
import { GetEndpointHealthQuery } from './queries/get-endpoint-health/get-endpoint-health.query';
import { SendTestEventCommand } from './commands/send-test-event/send-test-event.command';
import { SendTestEventRequest } from './commands/send-test-event/send-test-event.request.dto';
import { TestEventResultResponse } from './test-event-result.response.dto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { PAGED } from '../platform/http/page.response.dto';
import { PageQuery } from '../platform/http/page-query.dto';
import { createdOrder, sendPage } from '../platform/http/send-page';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';
import { WITH_BODY } from '../platform/openapi/operation-errors';
import { CreateEndpointCommand } from './commands/create-endpoint/create-endpoint.command';
import { CreateEndpointRequest } from './commands/create-endpoint/create-endpoint.request.dto';
import { DeleteEndpointCommand } from './commands/delete-endpoint/delete-endpoint.command';
import { RotateEndpointSecretCommand } from './commands/rotate-endpoint-secret/rotate-endpoint-secret.command';
import { RotateEndpointSecretRequest } from './commands/rotate-endpoint-secret/rotate-endpoint-secret.request.dto';
import { UpdateEndpointCommand } from './commands/update-endpoint/update-endpoint.command';
import { UpdateEndpointRequest } from './commands/update-endpoint/update-endpoint.request.dto';
import { EndpointHealthPage, EndpointPage } from './endpoint-page.response.dto';
import { EndpointSecretResponse } from './endpoint-secret.response.dto';
import { EndpointResponse } from './endpoint.response.dto';
import { GetEndpointSecretQuery } from './queries/get-endpoint-secret/get-endpoint-secret.query';
import { GetEndpointQuery } from './queries/get-endpoint/get-endpoint.query';
import { ListEndpointsQuery } from './queries/list-endpoints/list-endpoints.query';
import type { ListedEndpointHealth } from './queries/list-endpoints-health/list-endpoints-health.handler';
import { ListEndpointsHealthQuery } from './queries/list-endpoints-health/list-endpoints-health.query';
import { SecretRotatedResponse } from './secret-rotated.response.dto';

const CHANGED_CONCURRENTLY: [409, string] = [409, 'The endpoint was changed concurrently too often to decide; retry.'];

@ApiTags('endpoints')
@ApiBearerAuth()
@Controller('v1/endpoints')
export class EndpointsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @DescribeOperation({
    id: 'createEndpoint',
    summary: 'Create an endpoint',
    description:
      'Registers a receiver for the event types it subscribes to (all when `event_types` is absent), with its own signing secret ' +
      '(reveal it with getEndpointSecret). With `since`, every matching event already in the log from then on is sent first, in ' +
      'commit order (a backfill). Send an `Idempotency-Key` to make a retry safe.',
    errors: [...WITH_BODY, [409, 'The Idempotency-Key was used before with a different body (`field: idempotency-key`).']],
  })
  @ApiCreatedResponse({ type: EndpointResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(@Body() body: CreateEndpointRequest, @Headers() headers: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): Promise<EndpointResponse> {
    const endpoint = await this.commands.execute(new CreateEndpointCommand(body, readIdempotencyKey(headers)));
    return EndpointResponse.from(answerIdempotentReplay(reply, endpoint));
  }

  @Get()
  @DescribeOperation({ id: 'listEndpoints', summary: 'List endpoints', description: `Newest first; deleted endpoints are not listed. ${PAGED}`, errors: [400] })
  @ApiOkResponse({ type: EndpointPage })
  list(@Query() query: PageQuery, @Res() reply: FastifyReply): Promise<void> {
    return sendPage(reply, query.page(), createdOrder((page) => this.queries.execute(new ListEndpointsQuery(page)), EndpointResponse.from));
  }

  @Get('health')
  @DescribeOperation({
    id: 'listEndpointsHealth',
    summary: "Endpoints' health",
    description:
      "Each endpoint's health (as `GET /v1/endpoints/{id}/health` answers it) for a page of the endpoints list: the same order and " +
      `cursor, so one request gives a listed page its health. ${PAGED}`,
    errors: [400],
  })
  @ApiOkResponse({ type: EndpointHealthPage })
  listHealth(@Query() query: ListEndpointsHealthRequest, @Res() reply: FastifyReply): Promise<void> {
    const minutes = query.minutes ?? 60;
    return sendPage(reply, query.page(), createdOrder<ListedEndpointHealth>((page) => this.queries.execute(new ListEndpointsHealthQuery(page, minutes)), EndpointHealthResponse.from));
  }

  @Get(':id')
  @DescribeOperation({ id: 'getEndpoint', summary: 'Get an endpoint', description: 'The endpoint as it is now (never its secret).', errors: [400, 404] })
  @ApiOkResponse({ type: EndpointResponse })
  async get(@Param('id') id: string): Promise<EndpointResponse> {
    return EndpointResponse.from(await this.queries.execute(new GetEndpointQuery(id)));
  }

  @Patch(':id')
  @DescribeOperation({
    id: 'updateEndpoint',
    summary: 'Update an endpoint',
    description:
      'Changes the fields given. `enabled: false` pauses it: events that match meanwhile are held, and sent when `enabled: true` resumes it.',
    errors: [...WITH_BODY, 404, CHANGED_CONCURRENTLY],
  })
  @ApiOkResponse({ type: EndpointResponse })
  async update(@Param('id') id: string, @Body() body: UpdateEndpointRequest): Promise<EndpointResponse> {
    return EndpointResponse.from(await this.commands.execute(new UpdateEndpointCommand(id, body)));
  }

  @Delete(':id')
  @DescribeOperation({
    id: 'deleteEndpoint',
    summary: 'Delete an endpoint',
    description: 'Ends it for good: nothing more is sent to it (deliveries still waiting stay unsent), its secrets are destroyed, and it is not found afterwards.',
    errors: [400, 404],
  })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.commands.execute(new DeleteEndpointCommand(id));
  }

  @Get(':id/secret')
  @Header('cache-control', 'no-store')
  @DescribeOperation({ id: 'getEndpointSecret', summary: "Reveal an endpoint's secret", description: 'The current signing secret: the only answer that carries it.', errors: [400, 404] })
  @ApiOkResponse({ type: EndpointSecretResponse })
  async secret(@Param('id') id: string): Promise<EndpointSecretResponse> {
    return { secret: await this.queries.execute(new GetEndpointSecretQuery(id)) };
  }

  @Post(':id/secret/rotate')
  @DescribeOperation({
    id: 'rotateEndpointSecret',
    summary: "Rotate an endpoint's secret",
    description:
      'Signs with a new secret (the one given, or a generated one) from now on; the secret it replaces keeps signing beside it ' +
      '(a second `v1,` signature in webhook-signature) for ENDPOINT_SECRET_OVERLAP, so receivers can switch without rejecting anything.',
    errors: [...WITH_BODY, 404, CHANGED_CONCURRENTLY],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: SecretRotatedResponse })
  async rotate(@Param('id') id: string, @Body() body: RotateEndpointSecretRequest): Promise<SecretRotatedResponse> {
    const { rotatedAt, previousExpiresAt } = await this.commands.execute(new RotateEndpointSecretCommand(id, body.secret));
    return { rotated_at: rotatedAt.toISOString(), previous_secret_expires_at: previousExpiresAt.toISOString() };
  }

  @Get(':id/health')
  @DescribeOperation({
    id: 'getEndpointHealth',
    summary: "An endpoint's health",
    description: 'Its attempts over the last `minutes`: success rate, p50/p99 request duration; its failing streak, last success and state.',
    errors: [400, 404],
  })
  @ApiOkResponse({ type: EndpointHealthResponse })
  async health(@Param('id') id: string, @Query() query: EndpointHealthRequest): Promise<EndpointHealthResponse> {
    return EndpointHealthResponse.from(await this.queries.execute(new GetEndpointHealthQuery(id, query.minutes ?? 60)));
  }

  @Post(':id/test')
  @DescribeOperation({
    id: 'sendTestEvent',
    summary: 'Send a test event',
    description:
      'Sends an example event of `event_type` to the endpoint now, signed with its secrets and marked `"test": true`, and answers ' +
      'how the receiver answered. Not stored as a delivery and never retried.',
    errors: [...WITH_BODY, 404],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: TestEventResultResponse })
  async test(@Param('id') id: string, @Body() body: SendTestEventRequest): Promise<TestEventResultResponse> {
    const { webhookId, result } = await this.commands.execute(new SendTestEventCommand(id, body.event_type ?? 'job.completed'));
    return TestEventResultResponse.from(webhookId, result);
  }
}
