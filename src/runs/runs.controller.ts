import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createdOrder, sendPage } from '../platform/http/send-page';
import { PAGED } from '../platform/http/page.response.dto';
import { StreamPageQuery } from '../platform/http/stream-page-query.dto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { sendStreamEvents } from '../platform/event-store/send-stream-events';
import { StoredEventPage } from '../platform/event-store/stored-event-page.response.dto';
import { CancelRunCommand } from './commands/cancel-run/cancel-run.command';
import { CreateRunCommand } from './commands/create-run/create-run.command';
import { CreateRunRequest } from './commands/create-run/create-run.request.dto';
import { UpdateRunCommand } from './commands/update-run/update-run.command';
import { UpdateRunRequest } from './commands/update-run/update-run.request.dto';
import { RunPage } from './run-page.response.dto';
import { RunResponse } from './run.response.dto';
import { GetRunQuery } from './queries/get-run/get-run.query';
import { ListRunsQuery } from './queries/list-runs/list-runs.query';
import { ListRunsRequest } from './queries/list-runs/list-runs.request.dto';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';
import { WITH_BODY } from '../platform/openapi/operation-errors';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('v1/runs')
export class RunsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @DescribeOperation({
    id: 'createRun',
    summary: 'Create a run',
    description:
      "Creates an agent's run in status `created`; add steps to it. With a `callback_url`, its first terminal status is POSTed there " +
      'as a signed webhook (the `runCompleted` webhook). Send an `Idempotency-Key` to make a retry safe.',
    errors: [...WITH_BODY, [409, 'The Idempotency-Key was used before with a different body (`field: idempotency-key`).']],
  })
  @ApiCreatedResponse({ type: RunResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(@Body() body: CreateRunRequest, @Headers() headers: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): Promise<RunResponse> {
    const run = await this.commands.execute(new CreateRunCommand(body.agent_id, body.callback_url, body.metadata, readIdempotencyKey(headers)));
    return RunResponse.from(answerIdempotentReplay(reply, run));
  }

  @Get()
  @DescribeOperation({
    id: 'listRuns',
    summary: 'List runs',
    description: `Newest first; every filter narrows: \`status\`, \`agent_id\`, \`id_prefix\`, \`metadata_key\` (with \`metadata_value\`: that value). ${PAGED}`,
    errors: [400],
  })
  @ApiOkResponse({ type: RunPage })
  list(@Query() query: ListRunsRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = { status: query.status, agentId: query.agent_id, ...query.lifecycleSearch() };
    return sendPage(reply, query.page(), createdOrder(({ after, limit }) => this.queries.execute(new ListRunsQuery({ ...filter, after, limit })), RunResponse.from));
  }

  @Get(':id')
  @DescribeOperation({ id: 'getRun', summary: 'Get a run', description: 'The run as it is now, with its last callback outcome.', errors: [400, 404] })
  @ApiOkResponse({ type: RunResponse })
  async get(@Param('id') id: string): Promise<RunResponse> {
    return RunResponse.from(await this.queries.execute(new GetRunQuery(id)));
  }

  @Patch(':id')
  @DescribeOperation({
    id: 'updateRun',
    summary: 'Update a run',
    description:
      'Moves the run to `status` (`running`, or a terminal status: the first terminal one records `completed_at` and schedules the callback; ' +
      '`cancelled` also cancels its pending steps) and/or merges `metadata`. Repeating the terminal status it has is an idempotent 200.',
    errors: [...WITH_BODY, 404, [409, 'The run is terminal, or cannot move to that status (`field: status`).']],
  })
  @ApiOkResponse({ type: RunResponse })
  async update(@Param('id') id: string, @Body() body: UpdateRunRequest): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new UpdateRunCommand(id, body.status, body.metadata, body.callback_url)));
  }

  @Post(':id/cancel')
  @DescribeOperation({
    id: 'cancelRun',
    summary: 'Cancel a run',
    description: 'Same as updating to `cancelled`: its pending steps are cancelled with it (one step webhook each) and the callback is scheduled. Idempotent.',
    errors: [400, 404, [409, 'The run already finished otherwise (`field: status`).']],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: RunResponse })
  async cancel(@Param('id') id: string): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new CancelRunCommand(id)));
  }

  @Get(':id/events')
  @DescribeOperation({ id: 'listRunEvents', summary: "List a run's events", description: `The run's event stream in order (\`RunCreated\`, \`RunStepAdded\`, \`RunCompleted\`, …). ${PAGED}`, errors: [400, 404, 500] })
  @ApiOkResponse({ type: StoredEventPage })
  events(@Param('id') id: string, @Query() query: StreamPageQuery, @Res() reply: FastifyReply): Promise<void> {
    return sendStreamEvents(reply, this.queries, 'run', id, query.page());
  }
}
