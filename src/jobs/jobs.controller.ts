import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetStreamEventsQuery } from '../platform/event-store/queries/get-stream-events.query';
import { StoredEventResponse } from '../platform/event-store/stored-event.response.dto';
import { CancelJobCommand } from './commands/cancel-job/cancel-job.command';
import { CreateJobCommand } from './commands/create-job/create-job.command';
import { CreateJobRequest } from './commands/create-job/create-job.request.dto';
import { UpdateJobCommand } from './commands/update-job/update-job.command';
import { UpdateJobRequest } from './commands/update-job/update-job.request.dto';
import { JobResponse } from './job.response.dto';
import { GetJobQuery } from './queries/get-job/get-job.query';
import { ListJobsQuery } from './queries/list-jobs/list-jobs.query';
import { ListJobsRequest } from './queries/list-jobs/list-jobs.request.dto';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOkResponse({ type: JobResponse })
  async create(@Body() body: CreateJobRequest): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new CreateJobCommand(body.callback_url, body.metadata)));
  }

  @Get()
  @ApiOkResponse({ type: [JobResponse] })
  async list(@Query() query: ListJobsRequest): Promise<JobResponse[]> {
    return (await this.queries.execute(new ListJobsQuery({ status: query.status, ...query.page() }))).map(JobResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobResponse })
  async get(@Param('id') id: string): Promise<JobResponse> {
    return JobResponse.from(await this.queries.execute(new GetJobQuery(id)));
  }

  @Patch(':id')
  @ApiOkResponse({ type: JobResponse })
  async update(@Param('id') id: string, @Body() body: UpdateJobRequest): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new UpdateJobCommand(id, body.status, body.metadata)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: JobResponse })
  async cancel(@Param('id') id: string): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new CancelJobCommand(id)));
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [StoredEventResponse] })
  async events(@Param('id') id: string): Promise<StoredEventResponse[]> {
    return (await this.queries.execute(new GetStreamEventsQuery('job', id))).map(StoredEventResponse.from);
  }
}
