import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { answerIdempotentReplay, IDEMPOTENCY_KEY_DOC } from '../platform/http/idempotent-replay';
import { readIdempotencyKey } from '../platform/http/idempotency-key';
import { createdOrder, sendPage } from '../platform/http/send-page';
import { PAGED } from '../platform/http/page.response.dto';
import { PageQuery } from '../platform/http/page-query.dto';
import { StreamPageQuery } from '../platform/http/stream-page-query.dto';
import { sendStreamEvents } from '../platform/event-store/send-stream-events';
import { StoredEventPage } from '../platform/event-store/stored-event-page.response.dto';
import { CompleteStepCommand } from './commands/complete-step/complete-step.command';
import { CompleteStepRequest } from './commands/complete-step/complete-step.request.dto';
import { CreateStepCommand } from './commands/create-step/create-step.command';
import { CreateStepRequest } from './commands/create-step/create-step.request.dto';
import { GetStepQuery } from './queries/get-step/get-step.query';
import { ListRunStepsQuery } from './queries/list-run-steps/list-run-steps.query';
import { StepPage } from './step-page.response.dto';
import { StepResponse } from './step.response.dto';
import { DescribeOperation } from '../platform/openapi/describe-operation.decorator';
import { WITH_BODY } from '../platform/openapi/operation-errors';

@ApiTags('steps')
@ApiBearerAuth()
@Controller('v1')
export class StepsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('runs/:runId/steps')
  @DescribeOperation({
    id: 'addStep',
    summary: 'Add a step to a run',
    description:
      'Adds a step (status `pending`) to a run that has not finished. When it finishes, STEP_COMPLETE_WEBHOOK (if set) receives the ' +
      '`stepCompleted` webhook. Send an `Idempotency-Key` to make a retry safe.',
    errors: [...WITH_BODY, 404, [409, 'The run has finished, or the Idempotency-Key was used before with a different body (`field` says which).']],
  })
  @ApiCreatedResponse({ type: StepResponse })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: IDEMPOTENCY_KEY_DOC })
  async create(
    @Param('runId') runId: string,
    @Body() body: CreateStepRequest,
    @Headers() headers: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StepResponse> {
    const step = await this.commands.execute(new CreateStepCommand(runId, body.metadata, readIdempotencyKey(headers)));
    return StepResponse.from(answerIdempotentReplay(reply, step));
  }

  @Get('runs/:runId/steps')
  @DescribeOperation({ id: 'listRunSteps', summary: "List a run's steps", description: `The run's steps, in the order they were added. ${PAGED}`, errors: [400, 404] })
  @ApiOkResponse({ type: StepPage })
  listForRun(@Param('runId') runId: string, @Query() query: PageQuery, @Res() reply: FastifyReply): Promise<void> {
    return sendPage(reply, query.page(), createdOrder(({ after, limit, first }) => this.queries.execute(new ListRunStepsQuery(runId, { after, limit }, first)), StepResponse.from));
  }

  @Get('steps/:id')
  @DescribeOperation({ id: 'getStep', summary: 'Get a step', description: 'The step as it is now.', errors: [400, 404] })
  @ApiOkResponse({ type: StepResponse })
  async get(@Param('id') id: string): Promise<StepResponse> {
    return StepResponse.from(await this.queries.execute(new GetStepQuery(id)));
  }

  @Patch('steps/:id')
  @DescribeOperation({
    id: 'completeStep',
    summary: 'Finish a step',
    description: 'Records `success`, `failed` (with an optional `error`) or `cancelled` and sends the step webhook. The same outcome again is an idempotent 200.',
    errors: [...WITH_BODY, 404, [409, 'The step already finished with another outcome, or its run cancelled it (`field: status`).']],
  })
  @ApiOkResponse({ type: StepResponse })
  async complete(@Param('id') id: string, @Body() body: CompleteStepRequest): Promise<StepResponse> {
    return StepResponse.from(await this.commands.execute(new CompleteStepCommand(id, body.status, body.error, body.metrics)));
  }

  @Get('steps/:id/events')
  @DescribeOperation({ id: 'listStepEvents', summary: "List a step's events", description: `The step's event stream in order (\`StepCreated\`, \`StepCompleted\`). ${PAGED}`, errors: [400, 404, 500] })
  @ApiOkResponse({ type: StoredEventPage })
  events(@Param('id') id: string, @Query() query: StreamPageQuery, @Res() reply: FastifyReply): Promise<void> {
    return sendStreamEvents(reply, this.queries, 'step', id, query.page());
  }
}
