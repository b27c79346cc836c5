import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetStreamEventsQuery } from '../platform/event-store/queries/get-stream-events.query';
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
  @ApiOkResponse({ type: RunResponse })
  async create(@Body() body: CreateRunRequest): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new CreateRunCommand(body.agent_id, body.callback_url, body.metadata)));
  }

  @Get()
  @ApiOkResponse({ type: [RunResponse] })
  async list(@Query() query: ListRunsRequest): Promise<RunResponse[]> {
    return (await this.queries.execute(new ListRunsQuery({ status: query.status, agentId: query.agent_id, ...query.page() }))).map(RunResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: RunResponse })
  async get(@Param('id') id: string): Promise<RunResponse> {
    return RunResponse.from(await this.queries.execute(new GetRunQuery(id)));
  }

  @Patch(':id')
  @ApiOkResponse({ type: RunResponse })
  async update(@Param('id') id: string, @Body() body: UpdateRunRequest): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new UpdateRunCommand(id, body.status, body.metadata)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: RunResponse })
  async cancel(@Param('id') id: string): Promise<RunResponse> {
    return RunResponse.from(await this.commands.execute(new CancelRunCommand(id)));
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [StoredEventResponse] })
  async events(@Param('id') id: string): Promise<StoredEventResponse[]> {
    return (await this.queries.execute(new GetStreamEventsQuery('run', id))).map(StoredEventResponse.from);
  }
}
