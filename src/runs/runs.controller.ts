import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendJsonArrayInChunks } from '../platform/http/chunked-json-array';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { sendStreamEvents } from '../platform/event-store/send-stream-events';
import { StoredEventResponse } from '../platform/event-store/stored-event.response.dto';
import { CancelRunCommand } from './commands/cancel-run/cancel-run.command';
import { CreateRunCommand } from './commands/create-run/create-run.command';
import { CreateRunRequest } from './commands/create-run/create-run.request.dto';
import { UpdateRunCommand } from './commands/update-run/update-run.command';
import { UpdateRunRequest } from './commands/update-run/update-run.request.dto';
import { RunResponse } from './run.response.dto';
import { GetRunQuery } from './queries/get-run/get-run.query';
import { ListRunsQuery } from './queries/list-runs/list-runs.query';
import { ListRunsRequest } from './queries/list-runs/list-runs.request.dto';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('v1/runs')
export class RunsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: RunResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(@Body() body: CreateRunRequest, @Headers() headers: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): Promise<RunResponse> {
    const run = await this.commands.execute(new CreateRunCommand(body.agent_id, body.callback_url, body.metadata, readIdempotencyKey(headers)));
    return RunResponse.from(answerIdempotentReplay(reply, run));
  }

  @Get()
  @ApiOkResponse({ type: [RunResponse] })
  list(@Query() query: ListRunsRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = { status: query.status, agentId: query.agent_id };
    return sendJsonArrayInChunks(reply, query.page(), (page) => this.queries.execute(new ListRunsQuery({ ...filter, ...page })), RunResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: RunResponse })
  async get(@Param('id') id: string): Promise<RunResponse> {
    return RunResponse.from(await this.queries.execute(new GetRunQuery(id)));
  }

  @Patch(':id')
  @ApiOkResponse({ type: RunResponse })
  async update(@Param('id') id: string, @Body() body: UpdateRunRequest): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new UpdateRunCommand(id, body.status, body.metadata, body.callback_url)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: RunResponse })
  async cancel(@Param('id') id: string): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new CancelRunCommand(id)));
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [StoredEventResponse] })
  events(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    return sendStreamEvents(reply, this.queries, 'run', id);
  }
}
