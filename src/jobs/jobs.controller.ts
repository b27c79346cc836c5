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
import { CancelJobCommand } from './commands/cancel-job/cancel-job.command';
import { CreateJobCommand } from './commands/create-job/create-job.command';
import { CreateJobRequest } from './commands/create-job/create-job.request.dto';
import { UpdateJobCommand } from './commands/update-job/update-job.command';
import { UpdateJobRequest } from './commands/update-job/update-job.request.dto';
import { JobPage } from './job-page.response.dto';
import { JobResponse } from './job.response.dto';
import { GetJobQuery } from './queries/get-job/get-job.query';
import { ListJobsQuery } from './queries/list-jobs/list-jobs.query';
import { ListJobsRequest } from './queries/list-jobs/list-jobs.request.dto';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';
import { WITH_BODY } from '../platform/openapi/operation-errors';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @DescribeOperation({
    id: 'createJob',
    summary: 'Create a job',
    description:
      'Creates a job in status `created`. With a `callback_url`, its first terminal status is POSTed there as a signed webhook ' +
      '(the `jobCompleted` webhook). Send an `Idempotency-Key` to make a retry safe.',
    errors: [...WITH_BODY, [409, 'The Idempotency-Key was used before with a different body (`field: idempotency-key`).']],
  })
  @ApiCreatedResponse({ type: JobResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(@Body() body: CreateJobRequest, @Headers() headers: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): Promise<JobResponse> {
    const job = await this.commands.execute(new CreateJobCommand(body.callback_url, body.metadata, readIdempotencyKey(headers)));
    return JobResponse.from(answerIdempotentReplay(reply, job));
  }

  @Get()
  @DescribeOperation({
    id: 'listJobs',
    summary: 'List jobs',
    description: `Newest first; every filter narrows: \`status\`, \`id_prefix\`, \`metadata_key\` (with \`metadata_value\`: that value). ${PAGED}`,
    errors: [400],
  })
  @ApiOkResponse({ type: JobPage })
  list(@Query() query: ListJobsRequest, @Res() reply: FastifyReply): Promise<void> {
    return sendPage(reply, query.page(), createdOrder(({ after, limit }) => this.queries.execute(new ListJobsQuery({ status: query.status, ...query.lifecycleSearch(), after, limit })), JobResponse.from));
  }

  @Get(':id')
  @DescribeOperation({ id: 'getJob', summary: 'Get a job', description: 'The job as it is now, with its last callback outcome.', errors: [400, 404] })
  @ApiOkResponse({ type: JobResponse })
  async get(@Param('id') id: string): Promise<JobResponse> {
    return JobResponse.from(await this.queries.execute(new GetJobQuery(id)));
  }

  @Patch(':id')
  @DescribeOperation({
    id: 'updateJob',
    summary: 'Update a job',
    description:
      'Moves the job to `status` (`running`, or a terminal status: the first terminal one records `completed_at` and schedules the callback) ' +
      'and/or merges `metadata` (keys given win). Repeating the terminal status it has is an idempotent 200.',
    errors: [...WITH_BODY, 404, [409, 'The job is terminal, or cannot move to that status (`field: status`).']],
  })
  @ApiOkResponse({ type: JobResponse })
  async update(@Param('id') id: string, @Body() body: UpdateJobRequest): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new UpdateJobCommand(id, body.status, body.metadata, body.callback_url)));
  }

  @Post(':id/cancel')
  @DescribeOperation({
    id: 'cancelJob',
    summary: 'Cancel a job',
    description: 'Same as updating to `cancelled`: the callback is scheduled. Cancelling a cancelled job is an idempotent 200.',
    errors: [400, 404, [409, 'The job already finished otherwise (`field: status`).']],
  })
  @HttpCode(200)
  @ApiOkResponse({ type: JobResponse })
  async cancel(@Param('id') id: string): Promise<JobResponse> {
    return JobResponse.from(await this.commands.execute(new CancelJobCommand(id)));
  }

  @Get(':id/events')
  @DescribeOperation({ id: 'listJobEvents', summary: "List a job's events", description: `The job's event stream in order (\`JobCreated\`, \`JobStarted\`, \`JobCompleted\`, …). ${PAGED}`, errors: [400, 404, 500] })
  @ApiOkResponse({ type: StoredEventPage })
  events(@Param('id') id: string, @Query() query: StreamPageQuery, @Res() reply: FastifyReply): Promise<void> {
    return sendStreamEvents(reply, this.queries, 'job', id, query.page());
  }
}
