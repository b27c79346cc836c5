import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { sendJsonArrayInChunks } from '../platform/http/chunked-json-array';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { sendStreamEvents } from '../platform/event-store/send-stream-events';
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
  @ApiCreatedResponse({ type: JobResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(@Body() body: CreateJobRequest, @Headers() headers: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): Promise<JobResponse> {
    const job = await this.commands.execute(new CreateJobCommand(body.callback_url, body.metadata, readIdempotencyKey(headers)));
    return JobResponse.from(answerIdempotentReplay(reply, job));
  }

  @Get()
  @ApiOkResponse({ type: [JobResponse] })
  list(@Query() query: ListJobsRequest, @Res() reply: FastifyReply): Promise<void> {
    return sendJsonArrayInChunks(reply, query.page(), (page) => this.queries.execute(new ListJobsQuery({ status: query.status, ...page })), JobResponse.from);
  }

  @Get(':id')
  @ApiOkResponse({ type: JobResponse })
  async get(@Param('id') id: string): Promise<JobResponse> {
    return JobResponse.from(await this.queries.execute(new GetJobQuery(id)));
  }

  @Patch(':id')
  @ApiOkResponse({ type: JobResponse })
  async update(@Param('id') id: string, @Body() body: UpdateJobRequest): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new UpdateJobCommand(id, body.status, body.metadata, body.callback_url)));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: JobResponse })
  async cancel(@Param('id') id: string): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new CancelJobCommand(id)));
  }

  @Get(':id/events')
  @ApiOkResponse({ type: [StoredEventResponse] })
  events(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    return sendStreamEvents(reply, this.queries, 'job', id);
  }
}
